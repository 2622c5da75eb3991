import * as z from 'zod';

/** `{id}` of the canned-response and article routes. */
export const libraryPath = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'ids are 1-64 letters, digits, _ or -' }),
});

const limit = z.coerce
  .number({ error: 'limit must be a number' })
  .int({ error: 'limit must be a whole number' })
  .min(1, { error: 'limit must be at least 1' })
  .max(100, { error: 'limit must be at most 100' })
  .default(50);

/** `GET /v1/canned-responses?ticketId=&limit=&cursor=` */
export const cannedQuery = z.object({
  limit,
  cursor: z.string().min(1).max(512).optional(),
  ticketId: z
    .string()
    .regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, { error: 'a ticketId is a 26-character ULID' })
    .optional(),
});

/** `GET /v1/kb/articles?limit=&cursor=` */
export const articleQuery = z.object({ limit, cursor: z.string().min(1).max(512).optional() });

/** `POST /v1/canned-responses`, `PUT /v1/canned-responses/{id}` */
export const cannedBody = z.strictObject({
  title: z.string({ error: 'title is required' }).trim().min(1).max(120),
  text: z.string({ error: 'text is required' }).trim().min(1).max(5000),
  shortcut: z
    .string()
    .regex(/^\/?[a-z0-9-]{1,32}$/, { error: 'a shortcut is up to 32 lowercase letters, digits or -' })
    .optional(),
});

const words = z.array(z.string().trim().min(1).max(60)).max(30);

/** `POST /v1/kb/articles`, `PUT /v1/kb/articles/{id}` */
export const articleBody = z.strictObject({
  title: z.string({ error: 'title is required' }).trim().min(1).max(200),
  body: z.string({ error: 'body is required' }).trim().min(1).max(20_000),
  /** The bot intents the article answers, best first (e.g. `vehicle_breakdown`, `billing`). */
  intents: z
    .array(z.string().regex(/^[a-z_]{1,40}$/, { error: 'an intent is snake_case' }))
    .max(14)
    .default([]),
  keywords: words.default([]),
  steps: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
});
