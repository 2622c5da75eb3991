import type {
  SearchCollection,
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from '../../functions/modules/search/ports/search-index.js';

/** How well a query term matched a document token; exact beats prefix beats fuzzy, as in OpenSearch. */
const EXACT_WEIGHT = 1;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.4;
const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;

interface IndexedDocument {
  readonly document: SearchDocument;
  readonly tokens: readonly string[];
}

/**
 * The local twin of the OpenSearch adapter: tenant-scoped full text with fuzzy matching
 * (`fuzziness: AUTO` — no edits for terms of 1–2 characters, 1 for 3–5, 2 beyond), prefix matching
 * for autocomplete, exact-match filters, from/size paging and a tf-idf score. Behaviour both
 * adapters must share is pinned by tests/contracts/search-index.contract.ts.
 */
export class InMemorySearchIndex implements SearchIndex {
  readonly #documents = new Map<string, IndexedDocument>();

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    for (const document of documents) {
      const tokens = Object.values(document.fields).flatMap((value) =>
        typeof value === 'string' ? tokenize(value) : [],
      );
      this.#documents.set(keyOf(document), { document: structuredClone(document), tokens });
    }
  }

  async remove(keys: readonly { tenantId: string; collection: SearchCollection; id: string }[]): Promise<void> {
    for (const key of keys) this.#documents.delete(keyOf(key));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const from = Math.max(0, query.from ?? 0);
    const size = Math.min(MAX_SIZE, Math.max(0, query.size ?? DEFAULT_SIZE));
    // The tenant and collection are part of every lookup: there is no path to another tenant's data.
    const candidates = [...this.#documents.values()].filter(
      ({ document }) =>
        document.tenantId === query.tenantId &&
        document.collection === query.collection &&
        Object.entries(query.filters ?? {}).every(([field, value]) => document.fields[field] === value),
    );
    const terms = query.text === undefined ? [] : tokenize(query.text);
    let hits: SearchHit[];
    if (terms.length === 0) {
      hits = candidates
        .map(({ document }) => ({ id: document.id, score: 1, fields: document.fields }))
        .sort((a, b) => a.id.localeCompare(b.id));
    } else {
      const documentFrequency = (term: string) =>
        candidates.filter((candidate) => candidate.tokens.some((token) => termMatch(term, token) > 0)).length;
      const idf = new Map(terms.map((term) => [term, Math.log(1 + candidates.length / (1 + documentFrequency(term)))]));
      hits = candidates
        .map(({ document, tokens }) => {
          let score = 0;
          for (const term of terms) {
            let best = 0;
            let count = 0;
            for (const token of tokens) {
              const match = termMatch(term, token);
              if (match > 0) count++;
              best = Math.max(best, match);
            }
            if (best > 0)
              score += best * (1 + (idf.get(term) ?? 0)) * (1 + Math.log(count)) * lengthNorm(tokens.length);
          }
          return { id: document.id, score: Number(score.toFixed(6)), fields: document.fields };
        })
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    }
    return {
      total: hits.length,
      hits: hits.slice(from, from + size).map((hit) => ({ ...hit, fields: structuredClone(hit.fields) })),
    };
  }
}

function keyOf(key: { tenantId: string; collection: string; id: string }): string {
  return JSON.stringify([key.tenantId, key.collection, key.id]);
}

/** Lower-cased alphanumeric runs, like OpenSearch's standard analyzer (accents folded). */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Edits allowed for a term, as OpenSearch's `fuzziness: AUTO`. */
export function allowedEdits(term: string): number {
  if (term.length <= 2) return 0;
  if (term.length <= 5) return 1;
  return 2;
}

function termMatch(term: string, token: string): number {
  if (term === token) return EXACT_WEIGHT;
  if (term.length >= 2 && token.startsWith(term)) return PREFIX_WEIGHT;
  const edits = allowedEdits(term);
  if (edits === 0 || Math.abs(term.length - token.length) > edits) return 0;
  const distance = editDistance(term, token, edits);
  return distance <= edits ? FUZZY_WEIGHT / distance : 0;
}

/** Shorter documents rank a match higher, as BM25's length normalisation does. */
function lengthNorm(tokenCount: number): number {
  return 1 / Math.sqrt(Math.max(1, tokenCount) / 8 + 1);
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, which OpenSearch
 * counts as one edit), stopping early once every path exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    const row = d[i] as number[];
    const previous = d[i - 1] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return rowMin;
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}
