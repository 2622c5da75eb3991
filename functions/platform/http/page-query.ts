import * as z from '../zod.js';

/**
 * `?limit=` of a list route: a whole number from `min` to `max`, `fallback` when absent; the error
 * names the bound the value broke (`limit must be at most 100`). Query strings are text, so the
 * value is coerced. A route that documents it in OpenAPI adds `.check(z.describe(…))`.
 */
export function pageLimit(fallback: number, max: number, min = 1) {
  return z._default(
    z.coerce
      .number({ error: 'limit must be a number' })
      .check(
        z.int({ error: 'limit must be a whole number' }),
        z.gte(min, { error: `limit must be at least ${min}` }),
        z.lte(max, { error: `limit must be at most ${max}` }),
      ),
    fallback,
  );
}

/**
 * `?cursor=` of a list route: the `nextCursor` of the previous page, opaque to the caller (1–512
 * characters; the route's cursor codec decides whether it is one of its own and of this tenant).
 */
export function pageCursor() {
  return z.optional(z.string().check(z.minLength(1), z.maxLength(512)));
}
