/** Words that say nothing about what a ticket is about. */
const STOP = new Set(
  "a an and are as at be but by can do does for from has have i i'm im in is it its it's me my no not of on or our please so that the their there this to up us was we what when where which who why will with you your yes hello hi hey thanks thank person talk agent human".split(
    ' ',
  ),
);

/** The content words of a text, lowercased, with a crude plural/verb-ending fold. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [])
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => w.replace(/(ing|ed|es|s)$/u, '') || w);
}

/** A scored neighbour. */
export interface Similar<T> {
  readonly item: T;
  readonly score: number;
}

/**
 * The `limit` texts most like `query` by TF-IDF cosine over `corpus` (IDF from the corpus and the
 * query together), best first; only neighbours sharing at least one term, rounded to 3 places.
 */
export function mostSimilar<T>(
  query: string,
  corpus: readonly T[],
  textOf: (item: T) => string,
  limit: number,
): Similar<T>[] {
  const docs = corpus.map((item) => ({ item, tf: counts(terms(textOf(item))) }));
  const q = counts(terms(query));
  const df = new Map<string, number>();
  for (const tf of [q, ...docs.map((d) => d.tf)]) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length + 1;
  const weigh = (tf: Map<string, number>) => {
    const v = new Map<string, number>();
    for (const [term, c] of tf) v.set(term, (1 + Math.log(c)) * Math.log(1 + n / (df.get(term) ?? 1)));
    return v;
  };
  const qv = weigh(q);
  const qn = norm(qv);
  if (qn === 0) return [];
  return docs
    .map(({ item, tf }) => {
      const dv = weigh(tf);
      let dot = 0;
      for (const [term, w] of qv) dot += w * (dv.get(term) ?? 0);
      const dn = norm(dv);
      return { item, score: dn === 0 ? 0 : Math.round((dot / (qn * dn)) * 1000) / 1000 };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

function counts(words: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

function norm(v: Map<string, number>): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}
