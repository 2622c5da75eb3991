import { awsDeps } from '../platform/aws-deps.js';
import { createWsConnectHandler } from './ws-connect.handler.js';

export const handler = createWsConnectHandler(awsDeps());
