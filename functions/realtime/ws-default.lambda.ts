import { awsDeps } from '../platform/aws-deps.js';
import { createWsDefaultHandler } from './ws-default.handler.js';

export const handler = createWsDefaultHandler(awsDeps());
