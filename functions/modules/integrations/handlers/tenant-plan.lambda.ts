import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { tenantPlanFunction } from './tenant-plan.handler.js';

export const handler = lambdaHandler(tenantPlanFunction);
