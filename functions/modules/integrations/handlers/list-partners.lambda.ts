import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { listPartnersFunction } from './list-partners.handler.js';

export const handler = lambdaHandler(listPartnersFunction);
