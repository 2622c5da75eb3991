import { IDEMPOTENCY_TABLE } from './idempotency/tables.js';
import { RATE_LIMIT_TABLE } from './rate-limit/tables.js';
import type { TableDefinition } from './wiring/tables.js';

/**
 * Tables the platform itself owns, used by any module's functions (the idempotency records of
 * `Idempotency-Key`, docs/adr/0062; the rate-limit buckets and tenant plans, docs/adr/0114). The
 * registry lists them with the modules' tables, so the CDK stateful stack and the local stack
 * create them alike.
 */
export const PLATFORM_TABLES: readonly TableDefinition[] = [IDEMPOTENCY_TABLE, RATE_LIMIT_TABLE];
