"""Intent, sentiment and CLINC150 models: TF-IDF over words, word bigrams and character n-grams
(text_features.py) + multinomial logistic regression, exported as a float16 linear softmax."""

import json

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

import nlu_corpus
from onnx_builders import (
    linear_mlp_average,
    linear_mlp_average_probs,
    linear_softmax,
    quantised_linear_probs,
    word_vector_encoder,
)
from scipy.sparse import csr_matrix, hstack
from text_features import TextVectorizer
from word_vectors import WordVectorEncoder


def _logistic(x, y, c, class_weight=None, seed=0):
    """Multinomial logistic regression; returns W [F,C], b [C] as float32."""
    clf = LogisticRegression(C=c, max_iter=1000, class_weight=class_weight, random_state=seed)
    clf.fit(x, y)
    return clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32)


def _fit(texts, labels, label_names, max_features, c, class_weight=None, seed=0, min_df=2):
    y = np.array([label_names.index(l) for l in labels])
    vec = TextVectorizer.fit(texts, max_features, min_df=min_df, labels=y)
    return (vec, *_logistic(vec.transform(texts), y, c, class_weight, seed))


def _decide(p, label_names, reject_label, min_conf, min_margin):
    order = np.argsort(-p, axis=1, kind="stable")
    top = p[np.arange(len(p)), order[:, 0]]
    second = p[np.arange(len(p)), order[:, 1]]
    pred = np.array([label_names[i] for i in order[:, 0]], dtype=object)
    reject = (top < min_conf) | (top - second < min_margin)
    pred[reject] = reject_label
    return pred


def _metadata(vec, label_names, rejection=None, extra=None):
    meta = {"labels": label_names, "vocabulary": vec.vocabulary, "idf": [float(v) for v in vec.idf]}
    if rejection:
        meta["rejection"] = rejection
    if extra:
        meta.update(extra)
    return meta


def write_model(models_dir, name, model, meta):
    import onnx

    onnx.save(model, str(models_dir / f"{name}.onnx"))
    (models_dir / f"{name}.json").write_text(json.dumps(meta, separators=(",", ":")) + "\n")


def train_fleet_nlu(models_dir, data_dir):
    """Fleet intents and sentiment on the team-written corpus; thresholds chosen on its val split.

    Writes the corpus as ml/data/nlu-corpus.jsonl (train + val, what training and tuning see) and
    ml/data/nlu-corpus-test.jsonl (the held-out test split, read only by ml/evaluate.ts)."""
    rows = nlu_corpus.build_corpus()
    keys = ("text", "intent", "sentiment", "frustrated", "split")
    with open(data_dir / "nlu-corpus.jsonl", "w") as f, open(data_dir / "nlu-corpus-test.jsonl", "w") as t:
        for r in rows:
            (t if r["split"] == "test" else f).write(json.dumps({k: r[k] for k in keys}) + "\n")

    intents = [r for r in rows if r["intent"]]
    tr = [r for r in intents if r["split"] == "train"]
    va = [r for r in intents if r["split"] == "val"]
    labels = sorted({r["intent"] for r in intents})
    vec, w, b = _fit([r["text"] for r in tr], [r["intent"] for r in tr], labels, 20000, 50.0, min_df=1)
    p = quantised_linear_probs(vec.transform([r["text"] for r in va]).toarray(), w, b)
    gold = np.array([r["intent"] for r in va], dtype=object)
    best = None
    for mc in np.round(np.arange(0.0, 0.61, 0.02), 2):
        for mm in np.round(np.arange(0.0, 0.31, 0.02), 2):
            acc = float((_decide(p, labels, "fallback", mc, mm) == gold).mean())
            if best is None or acc > best[0] + 1e-12:
                best = (acc, float(mc), float(mm))
    rejection = {"label": "fallback", "minConfidence": best[1], "minMargin": best[2]}
    print(f"intent: val accuracy {best[0]:.4f} at minConfidence {best[1]} minMargin {best[2]}")
    write_model(models_dir, "intent", linear_softmax(w, b, "fleet support intents"), _metadata(vec, labels, rejection))

    s_tr = [r for r in rows if r["split"] == "train"]
    s_va = [r for r in rows if r["split"] == "val"]
    s_labels = ["negative", "neutral", "positive"]
    # 4 000 features, C 10, min_df 1: best val macro-F1 of 4 000/8 000 x C 3/10/30 x min_df 1/2 (ADR 0118).
    svec, sw, sb = _fit(
        [r["text"] for r in s_tr], [r["sentiment"] for r in s_tr], s_labels, 4000, 10.0, "balanced", min_df=1
    )
    sp = quantised_linear_probs(svec.transform([r["text"] for r in s_va]).toarray(), sw, sb)
    s_gold = np.array([r["sentiment"] for r in s_va], dtype=object)
    # Frustration must be caught: "negative" wins whenever its probability reaches a floor chosen on
    # validation (best macro-F1), even if another class is more probable.
    best = None
    for t in np.round(np.arange(0.2, 0.61, 0.02), 2):
        pred = np.array(s_labels, dtype=object)[sp.argmax(1)]
        pred[sp[:, 0] >= t] = "negative"
        f1 = f1_score(s_gold, pred, average="macro")
        if best is None or f1 > best[0] + 1e-12:
            best = (f1, float(t), float((pred == s_gold).mean()))
    print(f"sentiment: val macro-F1 {best[0]:.4f}, accuracy {best[2]:.4f} with negative floor {best[1]}")
    meta = _metadata(svec, s_labels, extra={"priority": {"label": "negative", "minProbability": best[1]}})
    write_model(models_dir, "sentiment", linear_softmax(sw, sb, "message sentiment"), meta)
    return vec


CLINC_FEATURES = 8000
CLINC_C = 50.0
# The rejection threshold: the lowest at which the model rejects at least this share of val's
# out-of-scope queries (every higher threshold only costs in-scope accuracy).
CLINC_VAL_OOS_RECALL = 0.80
# One-hidden-layer MLP on the same features (python3-torch, CPU, one thread so runs are identical).
CLINC_MLP = {"hidden": 384, "epochs": 15, "batch": 64, "lr": 2e-3, "dropout": 0.5, "input_dropout": 0.3,
             "label_smoothing": 0.1, "seed": 0}


def _train_mlp(x, y, n_classes, hidden, epochs, batch, lr, dropout, input_dropout, label_smoothing, seed):
    """ReLU MLP trained with Adam on sparse TF-IDF rows; returns W1 [F,H], b1, W2 [H,C], b2 (float32)."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    lin1 = torch.nn.Linear(x.shape[1], hidden)
    lin2 = torch.nn.Linear(hidden, n_classes)
    opt = torch.optim.Adam(list(lin1.parameters()) + list(lin2.parameters()), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    targets = torch.tensor(y)
    for _ in range(epochs):
        perm = rng.permutation(x.shape[0])
        for i in range(0, len(perm), batch):
            idx = perm[i : i + batch]
            xb = x[idx].tocoo()
            # Input dropout on the present features, rescaled as usual.
            keep = (rng.rand(xb.nnz) >= input_dropout).astype(np.float32) / np.float32(1 - input_dropout)
            xs = torch.sparse_coo_tensor(np.vstack([xb.row, xb.col]), xb.data * keep, xb.shape).coalesce()
            h = torch.relu(torch.sparse.mm(xs, lin1.weight.t()) + lin1.bias)
            h = torch.nn.functional.dropout(h, dropout, True)
            loss = loss_fn(lin2(h), targets[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return (
            lin1.weight.t().numpy().astype(np.float32),
            lin1.bias.numpy().astype(np.float32),
            lin2.weight.t().numpy().astype(np.float32),
            lin2.bias.numpy().astype(np.float32),
        )


def train_clinc(models_dir, clinc_path, other_training_texts):
    """CLINC150: train on train+oos_train, choose the out-of-scope threshold on val+oos_val.

    Writes the `word-vectors` encoder first (its vocabulary covers these training texts and
    `other_training_texts`, ADR 0048), then the classifier. Features: the 8 000 chi²-selected
    TF-IDF features followed by the sentence encoding. Model: the average of a logistic regression
    and a one-hidden-layer MLP on them (int8 weights, one graph)."""
    d = json.loads(clinc_path.read_text())
    tr = d["train"] + d["oos_train"]
    va = d["val"] + d["oos_val"]
    labels = sorted({l for _, l in tr})
    tr_texts = [t for t, _ in tr]
    encoder = train_word_vectors(models_dir, tr_texts + list(other_training_texts))
    y = np.array([labels.index(l) for _, l in tr])
    vec = TextVectorizer.fit(tr_texts, CLINC_FEATURES, labels=y)
    x = hstack([vec.transform(tr_texts), csr_matrix(encoder.encode(tr_texts))]).tocsr()
    w, b = _logistic(x, y, CLINC_C)
    w1, b1, w2, b2 = _train_mlp(x, y, len(labels), **CLINC_MLP)
    va_texts = [t for t, _ in va]
    x_va = np.hstack([vec.transform(va_texts).toarray(), encoder.encode(va_texts)])
    p = linear_mlp_average_probs(x_va, w, b, w1, b1, w2, b2)
    gold = np.array([l for _, l in va], dtype=object)
    ins = gold != "oos"
    best = None
    for t in np.round(np.arange(0.0, 0.9, 0.01), 2):
        pred = _decide(p, labels, "oos", t, 0.0)
        in_acc = float((pred[ins] == gold[ins]).mean())
        oos_rec = float((pred[~ins] == "oos").mean())
        if oos_rec >= CLINC_VAL_OOS_RECALL:
            best = (t, float(t), in_acc, oos_rec)
            break
    print(f"clinc150: val in-scope {best[2]:.4f} oos recall {best[3]:.4f} at threshold {best[1]}")
    rejection = {"label": "oos", "minConfidence": best[1], "minMargin": 0.0}
    model = linear_mlp_average(w, b, w1, b1, w2, b2, "CLINC150 intents: logistic regression + MLP average")
    meta = _metadata(vec, labels, rejection, extra={"wordVectors": WORD_VECTORS})
    write_model(models_dir, "clinc150", model, meta)


WORD_VECTORS = "word-vectors"
# Weight of the sentence encoding against the unit-length TF-IDF row; 2 was best on val of 1, 2 and 3
# (ADR 0048).
WORD_VECTOR_SCALE = 2.0


def train_word_vectors(models_dir, training_texts):
    """The shared sentence encoder: GloVe rows for the top words and every training word."""
    encoder = WordVectorEncoder.build(training_texts, WORD_VECTOR_SCALE)
    model = word_vector_encoder(encoder.q, encoder.scale, encoder.output_scale, "GloVe 6B 100d mean+max sentence encoder")
    write_model(models_dir, WORD_VECTORS, model, encoder.metadata())
    print(f"word-vectors: {len(encoder.words)} words x {encoder.q.shape[1]} dims")
    return encoder
