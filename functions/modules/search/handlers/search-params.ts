import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { VEHICLE_ID_PATTERN } from '../../fleet/domain/fleet.js';
import { RESULT_TYPES } from '../domain/result-types.js';

/** Who may ask for suggestions: everyone who works the tenant's alerts and fleet. */
export const SUGGEST_ROLES = ['admin', 'fleet_manager', 'dispatcher', 'agent'] as const;

/** Who may search: those, and drivers (their own tickets and messages only, see `searchScope`). */
export const SEARCH_ROLES = [...SUGGEST_ROLES, 'driver'] as const;

/** Severities of the contract (alerts), most severe first. */
export const SEARCH_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
/** Statuses of the contract: an alert's, and a ticket's once tickets are indexed. */
export const SEARCH_STATUSES = ['open', 'acknowledged', 'pending', 'resolved', 'closed'] as const;

/** `types=alert,vehicle`: a comma-separated subset of the result types; absent or empty means all. */
export const typesParam = z.pipe(
  z.pipe(
    z.optional(z.string().check(z.maxLength(200))),
    z.transform((value) => (value === undefined || value.trim() === '' ? [...RESULT_TYPES] : value.split(','))),
  ),
  z
    .array(z.enum(RESULT_TYPES, { error: `types must be a comma-separated list of ${RESULT_TYPES.join(', ')}` }))
    .check(z.minLength(1)),
);

const instant = (name: string) =>
  z.optional(
    z.pipe(
      z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-11-22T13:59:00Z` }),
      z.transform((value) => new Date(value)),
    ),
  );

/** Query string of `GET /v1/search`; everything arrives as strings. */
export const searchQuery = z
  .object({
    q: z.optional(z.string().check(z.maxLength(200, { error: 'q must be at most 200 characters' }))),
    types: typesParam,
    severity: z.optional(
      z.enum(SEARCH_SEVERITIES, { error: `severity must be one of ${SEARCH_SEVERITIES.join(', ')}` }),
    ),
    status: z.optional(z.enum(SEARCH_STATUSES, { error: `status must be one of ${SEARCH_STATUSES.join(', ')}` })),
    /** Items about one vehicle: its alerts and the vehicle itself (other types carry no vehicle). */
    vehicleId: z.optional(
      z
        .string()
        .check(z.regex(VEHICLE_ID_PATTERN, { error: 'vehicleId must be 1–64 letters, digits, "-", "_", "." or ":"' })),
    ),
    from: instant('from'),
    to: instant('to'),
    limit: pageLimit(20, 100),
    cursor: pageCursor(),
  })
  .check(
    z.refine((query) => !query.from || !query.to || query.from <= query.to, {
      error: 'from must not be after to',
      path: ['from'],
    }),
  );

/** Query string of `GET /v1/search/suggest`. */
export const suggestQuery = z.object({
  q: z
    .string({ error: 'q is required' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'q must not be empty' }),
      z.maxLength(100, { error: 'q must be at most 100 characters' }),
    ),
  types: typesParam,
  limit: pageLimit(8, 20),
});
