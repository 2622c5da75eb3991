import { describe, expect, it } from 'vitest';
import { listAlertsQuery } from '../../functions/modules/alerts/handlers/alert-routes.js';
import { pageQuery as conversationPageQuery } from '../../functions/modules/chat/handlers/conversation-routes.js';
import { inboxQuery } from '../../functions/modules/notifications/handlers/notification-schemas.js';
import { pageCursor, pageLimit } from '../../functions/platform/http/page-query.js';
import * as z from '../../functions/platform/zod.js';

const issues = (schema: z.ZodMiniType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe('pageLimit and pageCursor (?limit=&cursor= of every list route)', () => {
  const query = z.object({ limit: pageLimit(25, 100), cursor: pageCursor() });

  it('coerces the query string, defaults an absent limit and keeps an absent cursor absent', () => {
    expect(query.parse({})).toEqual({ limit: 25 });
    expect(query.parse({ limit: '7', cursor: 'abc' })).toEqual({ limit: 7, cursor: 'abc' });
  });

  it('names the bound a limit broke, as a 400 message a caller can act on', () => {
    expect(issues(query, { limit: 'ten' })).toEqual(['limit must be a number']);
    expect(issues(query, { limit: '2.5' })).toEqual(['limit must be a whole number']);
    expect(issues(query, { limit: '0' })).toEqual(['limit must be at least 1']);
    expect(issues(query, { limit: '101' })).toEqual(['limit must be at most 100']);
    expect(issues(z.object({ limit: pageLimit(500, 2000, 10) }), { limit: '9' })).toEqual([
      'limit must be at least 10',
    ]);
  });

  it('refuses an empty or an oversized cursor', () => {
    expect(issues(query, { cursor: '' })).toHaveLength(1);
    expect(issues(query, { cursor: 'x'.repeat(513) })).toHaveLength(1);
    expect(issues(query, { cursor: 'x'.repeat(512) })).toEqual([]);
  });

  it('keeps each route its own default and maximum', () => {
    expect(conversationPageQuery.parse({}).limit).toBe(50);
    expect(listAlertsQuery.parse({}).limit).toBe(25);
    expect(inboxQuery.parse({}).limit).toBe(25);
    expect(issues(inboxQuery, { limit: '101' })).toEqual(['limit must be at most 100']);
  });
});
