import * as z from 'zod';
import { createApiKeyBody, listApiKeysQuery } from './api-key-schemas.js';

/** Schemas of `/v1/oauth-clients…`, for validation and the OpenAPI document (docs/adr/0113). */

/** Body of `POST /v1/oauth-clients`: the same name and scopes as an API key's. */
export const createOAuthClientBody = createApiKeyBody.describe(
  'A new OAuth2 client (client credentials grant); the answer carries its secret, shown this once',
);

/** Path of `/v1/oauth-clients/{clientId}`. */
export const oauthClientPath = z.object({
  clientId: z
    .string()
    .regex(/^[a-z0-9]{1,128}$/, { error: 'clientId must be lower-case letters and digits' })
    .describe('The clientId POST /v1/oauth-clients returned'),
});

/** Query of `GET /v1/oauth-clients`. */
export const listOAuthClientsQuery = listApiKeysQuery;
