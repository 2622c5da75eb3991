import { awsDeps } from '../platform/aws-deps.js';
import { createWsAuthorizeHandler } from './ws-authorize.handler.js';

export const handler = createWsAuthorizeHandler(awsDeps());
