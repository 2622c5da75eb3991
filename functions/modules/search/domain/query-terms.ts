/**
 * How a search text becomes terms, shared by both SearchIndex adapters so they agree on what
 * matches: split on whitespace, punctuation and symbols (`_` and `-` included, as the OpenSearch
 * `folding` analyzer does), each term required.
 */
export function tokenize(text: string): string[] {
  return text.split(/[\s\p{P}\p{S}]+/u).filter((token) => token !== '');
}

/**
 * Edits a term may be off by, as OpenSearch's `fuzziness: AUTO` (none up to 2 characters, 1 up to
 * 5, 2 beyond) — except terms with a digit, matched exactly: `TRK-142` must not find TRK-141.
 */
export function allowedEdits(term: string): number {
  if (/\p{N}/u.test(term) || term.length <= 2) return 0;
  return term.length <= 5 ? 1 : 2;
}

/**
 * The last term also matches as a prefix (search as you type) — except a lone digit, which would
 * expand to every number in the index (readings, ids) for no meaning.
 */
export function isPrefixTerm(term: string, index: number, terms: readonly string[]): boolean {
  return index === terms.length - 1 && !(term.length === 1 && /\p{N}/u.test(term));
}
