import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';

/** `{id}` of the canned-response and article routes. */
export const libraryPath = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'ids are 1-64 letters, digits, _ or -' })),
});

const limit = pageLimit(50, 100);

/** `GET /v1/canned-responses?ticketId=&limit=&cursor=` */
export const cannedQuery = z.object({
  limit,
  cursor: pageCursor(),
  ticketId: z.optional(
    z.string().check(z.regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, { error: 'a ticketId is a 26-character ULID' })),
  ),
});

/** `GET /v1/kb/articles?limit=&cursor=` */
export const articleQuery = z.object({ limit, cursor: pageCursor() });

/** `POST /v1/canned-responses`, `PUT /v1/canned-responses/{id}` */
export const cannedBody = z.strictObject({
  title: z.string({ error: 'title is required' }).check(z.trim(), z.minLength(1), z.maxLength(120)),
  text: z.string({ error: 'text is required' }).check(z.trim(), z.minLength(1), z.maxLength(5000)),
  shortcut: z.optional(
    z
      .string()
      .check(z.regex(/^\/?[a-z0-9-]{1,32}$/, { error: 'a shortcut is up to 32 lowercase letters, digits or -' })),
  ),
});

const words = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).check(z.maxLength(30));

/** `POST /v1/kb/articles`, `PUT /v1/kb/articles/{id}` */
export const articleBody = z.strictObject({
  title: z.string({ error: 'title is required' }).check(z.trim(), z.minLength(1), z.maxLength(200)),
  body: z.string({ error: 'body is required' }).check(z.trim(), z.minLength(1), z.maxLength(20_000)),
  /** The bot intents the article answers, best first (e.g. `vehicle_breakdown`, `billing`). */
  intents: z._default(
    z.array(z.string().check(z.regex(/^[a-z_]{1,40}$/, { error: 'an intent is snake_case' }))).check(z.maxLength(14)),
    [],
  ),
  keywords: z._default(words, []),
  steps: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))).check(z.maxLength(20))),
});
