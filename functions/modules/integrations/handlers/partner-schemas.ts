import * as z from 'zod';
import { PARTNER_KINDS, SCHEMES_BY_KIND } from '../domain/partner.js';
import { SCHEME_NAMES } from '../domain/schemes/inbound-scheme.js';
import { MAX_VEHICLE_MAPPINGS } from '../domain/vehicle-map.js';

/** Schemas of the partner registry (`/v1/partners…`), for validation and the OpenAPI document. */

const name = z
  .string({ error: 'name must be a string' })
  .trim()
  .min(1, { error: 'name must not be empty' })
  .max(100, { error: 'name must be at most 100 characters' })
  .describe('Display name, e.g. Samsara EU fleet');

/** Body of `POST /v1/partners`. */
export const registerPartnerBody = z
  .strictObject(
    {
      name,
      kind: z.enum(PARTNER_KINDS, { error: `kind must be one of ${PARTNER_KINDS.join(', ')}` }),
      scheme: z.enum(SCHEME_NAMES, { error: `scheme must be one of ${SCHEME_NAMES.join(', ')}` }),
    },
    { error: 'Unknown field' },
  )
  .superRefine((body, context) => {
    const allowed = SCHEMES_BY_KIND[body.kind];
    if (!allowed.includes(body.scheme)) {
      context.addIssue({
        code: 'custom',
        path: ['scheme'],
        message: `A ${body.kind} partner signs with ${allowed.join(' or ')}`,
      });
    }
  })
  .describe('An inbound integration; the answer carries its signing secret, shown this once');

/** Path of `/v1/partners/{partnerId}…`. */
export const partnerPath = z.object({
  partnerId: z
    .string()
    .regex(/^ptn_[A-Za-z0-9_-]{1,64}$/, { error: 'partnerId must look like ptn_…' })
    .describe('The partner id POST /v1/partners returned'),
});

/** Query of `GET /v1/partners`. */
export const listPartnersQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25)
    .describe('Partners per page (1–100, default 25)'),
  cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
});

/** Body of `PUT /v1/partners/{partnerId}/vehicle-map`: the whole map, replacing the previous one. */
export const vehicleMapBody = z
  .strictObject(
    {
      mappings: z
        .record(
          z.string().min(1).max(128).describe("The vendor's vehicle id (Samsara's vehicle id, Motive's vehicle_id)"),
          z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, {
              error: 'a fleetops vehicleId is 1–64 letters, digits, "-", "_", "." or ":"',
            })
            .describe('The fleetops vehicleId'),
        )
        .refine((map) => Object.keys(map).length <= MAX_VEHICLE_MAPPINGS, {
          error: `at most ${MAX_VEHICLE_MAPPINGS} mappings`,
        }),
    },
    { error: 'Unknown field' },
  )
  .describe('Vendor vehicle id → fleetops vehicleId; an unmapped vendor vehicle is looked up by its name, then its id');
