import * as z from '../../../platform/zod.js';
import { createApiKeyBody, listApiKeysQuery } from './api-key-schemas.js';

/** Schemas of `/v1/oauth-clients…`, for validation and the OpenAPI document (docs/adr/0113). */

/** Body of `POST /v1/oauth-clients`: the same name and scopes as an API key's. */
export const createOAuthClientBody = createApiKeyBody.check(
  z.describe('A new OAuth2 client (client credentials grant); the answer carries its secret, shown this once'),
);

/** Path of `/v1/oauth-clients/{clientId}`. */
export const oauthClientPath = z.object({
  clientId: z
    .string()
    .check(
      z.regex(/^[a-z0-9]{1,128}$/, { error: 'clientId must be lower-case letters and digits' }),
      z.describe('The clientId POST /v1/oauth-clients returned'),
    ),
});

/** Query of `GET /v1/oauth-clients`. */
export const listOAuthClientsQuery = listApiKeysQuery;
