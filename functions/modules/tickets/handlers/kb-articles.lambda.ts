import { lambdaHandler } from '../../../platform/runtime/lambda-deps.js';
import { kbArticles } from './kb-articles.handler.js';

export const handler = lambdaHandler(kbArticles);
