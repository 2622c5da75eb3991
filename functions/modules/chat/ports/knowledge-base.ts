import type { Article } from '../domain/facts.js';

/** The tenant's knowledge base, as the bot searches it. */
export interface KnowledgeBase {
  /** The best article of the tenant for this intent and message, if any answers it. */
  find(tenantId: string, intent: string, text: string): Promise<Article | undefined>;
}
