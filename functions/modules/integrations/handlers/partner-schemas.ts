import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { PARTNER_KINDS, SCHEMES_BY_KIND } from '../domain/partner.js';
import { SCHEME_NAMES } from '../domain/schemes/inbound-scheme.js';
import { MAX_VEHICLE_MAPPINGS } from '../domain/vehicle-map.js';

/** Schemas of the partner registry (`/v1/partners…`), for validation and the OpenAPI document. */

const name = z
  .string({ error: 'name must be a string' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'name must not be empty' }),
    z.maxLength(100, { error: 'name must be at most 100 characters' }),
    z.describe('Display name, e.g. Samsara EU fleet'),
  );

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
  .check(
    z.superRefine((body, context) => {
      const allowed = SCHEMES_BY_KIND[body.kind];
      if (!allowed.includes(body.scheme)) {
        context.addIssue({
          code: 'custom',
          path: ['scheme'],
          message: `A ${body.kind} partner signs with ${allowed.join(' or ')}`,
        });
      }
    }),
    z.describe('An inbound integration; the answer carries its signing secret, shown this once'),
  );

/** Path of `/v1/partners/{partnerId}…`. */
export const partnerPath = z.object({
  partnerId: z
    .string()
    .check(
      z.regex(/^ptn_[A-Za-z0-9_-]{1,64}$/, { error: 'partnerId must look like ptn_…' }),
      z.describe('The partner id POST /v1/partners returned'),
    ),
});

/** Query of `GET /v1/partners`. */
export const listPartnersQuery = z.object({
  limit: pageLimit(25, 100).check(z.describe('Partners per page (1–100, default 25)')),
  cursor: pageCursor().check(z.describe('nextCursor of the previous page')),
});

/** Body of `PUT /v1/partners/{partnerId}/vehicle-map`: the whole map, replacing the previous one. */
export const vehicleMapBody = z
  .strictObject(
    {
      mappings: z
        .record(
          z
            .string()
            .check(
              z.minLength(1),
              z.maxLength(128),
              z.describe("The vendor's vehicle id (Samsara's vehicle id, Motive's vehicle_id)"),
            ),
          z.string().check(
            z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, {
              error: 'a fleetops vehicleId is 1–64 letters, digits, "-", "_", "." or ":"',
            }),
            z.describe('The fleetops vehicleId'),
          ),
        )
        .check(
          z.refine((map) => Object.keys(map).length <= MAX_VEHICLE_MAPPINGS, {
            error: `at most ${MAX_VEHICLE_MAPPINGS} mappings`,
          }),
        ),
    },
    { error: 'Unknown field' },
  )
  .check(
    z.describe(
      'Vendor vehicle id → fleetops vehicleId; an unmapped vendor vehicle is looked up by its name, then its id',
    ),
  );
