import type { Article as BotArticle } from '../../chat/domain/facts.js';

/**
 * A knowledge-base article of a tenant: what agents and admins write and the bot answers from
 * (chat's `Article` plus who changed it and when).
 */
export interface KbArticle extends BotArticle {
  readonly tenantId: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}
