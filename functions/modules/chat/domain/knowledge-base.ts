import type { Article } from './facts.js';

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

/**
 * The best article for a message: one that answers the intent (the earlier in its list, the
 * better), then the most keywords the message uses. Undefined when no article answers the intent.
 */
export function bestArticle(articles: readonly Article[], intent: string, text: string): Article | undefined {
  const said = words(text);
  let best: { article: Article; score: number } | undefined;
  for (const article of articles) {
    const rank = article.intents.indexOf(intent);
    if (rank < 0) continue;
    const hits = article.keywords.filter((keyword) => [...words(keyword)].every((w) => said.has(w))).length;
    const score = hits * 10 - rank;
    if (!best || score > best.score) best = { article, score };
  }
  return best?.article;
}
