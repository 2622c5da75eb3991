"""Text featurisation shared by the intent, sentiment and CLINC150 models.

functions/ml/text-features.ts implements exactly the same steps; tests/ml compares the two on
fixtures written by this module, so any change here must be mirrored there.

Steps: lowercase; drop apostrophes; every run of characters outside [a-z0-9] becomes one space;
every run of digits becomes "0"; tokens are the space-separated words. Features (binary presence):
  w:<token>, b:<token> <next token>, c:<3..5 character n-grams of " token ">.
Vector: idf (float32, from metadata) for each present feature of the vocabulary, L2-normalised by
summing squares in ascending column order in float64, then rounded to float32.
"""

import math
import re

import numpy as np

_APOSTROPHES = re.compile(r"['\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")


def tokenize(text):
    s = _APOSTROPHES.sub("", text.lower())
    s = _DIGITS.sub("0", _NON_ALNUM.sub(" ", s))
    return [t for t in s.split(" ") if t]


def feature_names(text):
    """Ordered, de-duplicated feature strings of a text (order = first occurrence)."""
    tokens = tokenize(text)
    out = []
    seen = set()

    def add(f):
        if f not in seen:
            seen.add(f)
            out.append(f)

    for t in tokens:
        add("w:" + t)
    for a, b in zip(tokens, tokens[1:]):
        add("b:" + a + " " + b)
    for t in tokens:
        padded = " " + t + " "
        for n in (3, 4, 5):
            for i in range(0, len(padded) - n + 1):
                add("c:" + padded[i : i + n])
    return out


class TextVectorizer:
    def __init__(self, vocabulary, idf):
        self.vocabulary = list(vocabulary)
        self.index = {f: i for i, f in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)

    @staticmethod
    def fit(texts, max_features, min_df=2, labels=None):
        """Vocabulary = features with df >= min_df, best max_features by chi2 when labels are given
        (else by document frequency); ties broken by the feature string so training is deterministic."""
        df = {}
        docs = [feature_names(t) for t in texts]
        for feats in docs:
            for f in feats:
                df[f] = df.get(f, 0) + 1
        cands = sorted(f for f, c in df.items() if c >= min_df)
        if labels is not None and len(cands) > max_features:
            from scipy.sparse import csr_matrix
            from sklearn.feature_selection import chi2

            idx = {f: i for i, f in enumerate(cands)}
            rows, cols = [], []
            for r, feats in enumerate(docs):
                for f in feats:
                    j = idx.get(f)
                    if j is not None:
                        rows.append(r)
                        cols.append(j)
            m = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(docs), len(cands)))
            scores, _ = chi2(m, labels)
            scores = np.nan_to_num(scores)
            order = sorted(range(len(cands)), key=lambda j: (-scores[j], cands[j]))
            chosen = sorted(cands[j] for j in order[:max_features])
        else:
            chosen = sorted(cands, key=lambda f: (-df[f], f))[:max_features]
            chosen.sort()
        n = len(texts)
        idf = [np.float32(math.log((1 + n) / (1 + df[f])) + 1.0) for f in chosen]
        return TextVectorizer(chosen, idf)

    def sparse_row(self, text):
        """(column indices ascending, float32 values) — the exact contract the TS side reproduces."""
        cols = sorted({self.index[f] for f in feature_names(text) if f in self.index})
        sq = 0.0
        for j in cols:
            v = float(self.idf[j])
            sq += v * v
        norm = math.sqrt(sq)
        vals = [np.float32(float(self.idf[j]) / norm) for j in cols] if norm > 0 else []
        return cols, vals

    def transform(self, texts):
        from scipy.sparse import csr_matrix

        data, indices, indptr = [], [], [0]
        for t in texts:
            cols, vals = self.sparse_row(t)
            indices.extend(cols)
            data.extend(vals)
            indptr.append(len(indices))
        return csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices), np.asarray(indptr)),
            shape=(len(texts), len(self.vocabulary)),
        )
