import { awsDeps } from '../platform/aws-deps.js';
import { createWsDisconnectHandler } from './ws-disconnect.handler.js';

export const handler = createWsDisconnectHandler(awsDeps());
