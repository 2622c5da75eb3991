import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { API_SCOPES } from '../domain/api-key.js';

/** Schemas of `/v1/api-keys…`, for validation and the OpenAPI document. */

/** Body of `POST /v1/api-keys`. */
export const createApiKeyBody = z
  .strictObject(
    {
      name: z
        .string({ error: 'name must be a string' })
        .check(
          z.trim(),
          z.minLength(1, { error: 'name must not be empty' }),
          z.maxLength(100, { error: 'name must be at most 100 characters' }),
          z.describe('What the key is for, e.g. Samsara relay'),
        ),
      scopes: z
        .array(z.enum(API_SCOPES, { error: `each scope must be one of ${API_SCOPES.join(', ')}` }))
        .check(z.minLength(1, { error: 'scopes needs at least one scope' }), z.describe('What the key may do')),
    },
    { error: 'Unknown field' },
  )
  .check(z.describe('A new API key; the answer carries the key, shown this once'));

/** Path of `/v1/api-keys/{apiKeyId}`. */
export const apiKeyPath = z.object({
  apiKeyId: z
    .string()
    .check(
      z.regex(/^key_[A-Za-z0-9]{8}$/, { error: 'apiKeyId must look like key_…' }),
      z.describe('The apiKeyId POST /v1/api-keys returned'),
    ),
});

/** Query of `GET /v1/api-keys`. */
export const listApiKeysQuery = z.object({
  limit: pageLimit(25, 100).check(z.describe('Keys per page (1–100, default 25)')),
  cursor: pageCursor().check(z.describe('nextCursor of the previous page')),
});
