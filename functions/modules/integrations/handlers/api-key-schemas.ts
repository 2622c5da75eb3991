import * as z from 'zod';
import { API_SCOPES } from '../domain/api-key.js';

/** Schemas of `/v1/api-keys…`, for validation and the OpenAPI document. */

/** Body of `POST /v1/api-keys`. */
export const createApiKeyBody = z
  .strictObject(
    {
      name: z
        .string({ error: 'name must be a string' })
        .trim()
        .min(1, { error: 'name must not be empty' })
        .max(100, { error: 'name must be at most 100 characters' })
        .describe('What the key is for, e.g. Samsara relay'),
      scopes: z
        .array(z.enum(API_SCOPES, { error: `each scope must be one of ${API_SCOPES.join(', ')}` }))
        .min(1, { error: 'scopes needs at least one scope' })
        .describe('What the key may do'),
    },
    { error: 'Unknown field' },
  )
  .describe('A new API key; the answer carries the key, shown this once');

/** Path of `/v1/api-keys/{apiKeyId}`. */
export const apiKeyPath = z.object({
  apiKeyId: z
    .string()
    .regex(/^key_[A-Za-z0-9]{8}$/, { error: 'apiKeyId must look like key_…' })
    .describe('The apiKeyId POST /v1/api-keys returned'),
});

/** Query of `GET /v1/api-keys`. */
export const listApiKeysQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25)
    .describe('Keys per page (1–100, default 25)'),
  cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
});
