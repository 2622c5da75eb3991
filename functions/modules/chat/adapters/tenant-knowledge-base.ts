import type { Clock } from '../../../platform/clock.js';
import type { ArticleStore } from '../../tickets/ports/library-store.js';
import type { Article } from '../domain/facts.js';
import { bestArticle } from '../domain/knowledge-base.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import { SEED_ARTICLES } from './seeded-knowledge-base.js';

/** How long a tenant's articles are reused within a container: an edit shows within this. */
export const ARTICLES_TTL_MS = 5000;
/** Articles of one tenant the bot searches (the knowledge base's first page). */
const MAX_ARTICLES = 100;
const MAX_CACHED_TENANTS = 1000;

/**
 * The bot's knowledge base: the tenant's own articles (`/v1/kb/articles`, the tickets module's
 * store) answer first; the seeded articles every tenant starts with answer what they do not cover.
 */
export function tenantKnowledgeBase(articles: Pick<ArticleStore, 'list'>, clock: Clock): KnowledgeBase {
  const cache = new Map<string, { readonly at: number; readonly articles: Promise<Article[]> }>();
  const ofTenant = (tenantId: string): Promise<Article[]> => {
    const now = clock.now().getTime();
    const cached = cache.get(tenantId);
    if (cached && now - cached.at < ARTICLES_TTL_MS) return cached.articles;
    const loaded = articles.list(tenantId, MAX_ARTICLES).then((page) => page.items as Article[]);
    if (cache.size >= MAX_CACHED_TENANTS) cache.clear();
    cache.set(tenantId, { at: now, articles: loaded });
    loaded.catch(() => cache.delete(tenantId));
    return loaded;
  };
  return {
    async find(tenantId, intent, text) {
      return bestArticle(await ofTenant(tenantId), intent, text) ?? bestArticle(SEED_ARTICLES, intent, text);
    },
  };
}
