"""ONNX graphs built with onnx.helper (skl2onnx is not available on this machine).

Every graph uses opset 17 and ai.onnx.ml 3, both served by onnxruntime-node 1.30.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSETS = [helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)]


def _model(graph, doc):
    model = helper.make_model(graph, opset_imports=OPSETS, producer_name="fleetops-ml", doc_string=doc)
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _features_model(name, nodes, n_features, output, width, doc, initializer=()):
    """The signature every model here shares, and the TypeScript serving code relies on:
    one float input `features[N, n_features]`, one float output `output[N, width]`."""
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", width])],
        initializer=list(initializer),
    )
    return _model(graph, doc)


def linear_softmax(weights, bias, doc):
    """features[N,F] -> probabilities[N,C] = softmax(features @ W + b).

    W is stored as float16 and cast once at run time: it halves the file (the 5 MB budget) and the
    rounding is applied in training too, so thresholds are chosen on the weights that ship.
    """
    w16 = np.asarray(weights, dtype=np.float16)
    f, c = w16.shape
    nodes = [
        helper.make_node("Cast", ["W16"], ["W"], to=TensorProto.FLOAT),
        helper.make_node("MatMul", ["features", "W"], ["z"]),
        helper.make_node("Add", ["z", "b"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
    ]
    return _features_model(
        "linear_softmax", nodes, f, "probabilities", c, doc,
        initializer=[
            numpy_helper.from_array(w16, "W16"),
            numpy_helper.from_array(np.asarray(bias, dtype=np.float32), "b"),
        ],
    )


def quantised_linear_probs(x, weights, bias):
    """What the ONNX graph computes, in numpy, with the shipped float16 weights."""
    w = np.asarray(weights, dtype=np.float16).astype(np.float32)
    z = (x @ w) + np.asarray(bias, dtype=np.float32)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _float32_at_most(t):
    """The largest float32 <= t: with float32 inputs, x <= it exactly when x <= t (sklearn's test)."""
    f = np.float32(t)
    if float(f) > t:
        f = np.nextafter(f, np.float32(-np.inf))
    return float(f)


def _tree_nodes(trees, exact_thresholds=False):
    """trees: list of (sklearn tree_, feature_map, leaf_value_fn). Returns TreeEnsembleRegressor attrs.

    exact_thresholds: store each split as the largest float32 not above sklearn's float64 threshold,
    so the graph routes every float32 input exactly as sklearn does (rounding to nearest can send a
    value just above the threshold the wrong way)."""
    a = {k: [] for k in [
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
        "nodes_truenodeids", "nodes_falsenodeids", "target_treeids", "target_nodeids", "target_ids",
        "target_weights",
    ]}
    for t_id, (tree, feature_map, leaf_value) in enumerate(trees):
        for n in range(tree.node_count):
            left, right = int(tree.children_left[n]), int(tree.children_right[n])
            a["nodes_treeids"].append(t_id)
            a["nodes_nodeids"].append(n)
            if left == -1:
                a["nodes_featureids"].append(0)
                a["nodes_values"].append(0.0)
                a["nodes_modes"].append("LEAF")
                a["nodes_truenodeids"].append(0)
                a["nodes_falsenodeids"].append(0)
                a["target_treeids"].append(t_id)
                a["target_nodeids"].append(n)
                a["target_ids"].append(0)
                a["target_weights"].append(float(leaf_value(n)))
            else:
                a["nodes_featureids"].append(int(feature_map[int(tree.feature[n])]))
                t = float(tree.threshold[n])
                a["nodes_values"].append(_float32_at_most(t) if exact_thresholds else t)
                # sklearn sends x <= threshold to the left child.
                a["nodes_modes"].append("BRANCH_LEQ")
                a["nodes_truenodeids"].append(left)
                a["nodes_falsenodeids"].append(right)
    return a


def tree_sum_sigmoid(trees, base_value, n_features, doc, sigmoid=True):
    """features[N,F] -> probability[N,1] = sigmoid(base + sum of tree leaf values) (gradient boosting)
    or, with sigmoid=False, the plain sum (random forest leaves already hold p/n_trees)."""
    attrs = _tree_nodes(trees)
    nodes = [
        helper.make_node(
            "TreeEnsembleRegressor", ["features"], ["score" if sigmoid else "probability"], domain="ai.onnx.ml",
            n_targets=1, aggregate_function="SUM", base_values=[float(base_value)], post_transform="NONE", **attrs,
        )
    ]
    if sigmoid:
        nodes.append(helper.make_node("Sigmoid", ["score"], ["probability"]))
    return _features_model("tree_ensemble", nodes, n_features, "probability", 1, doc)


def tree_average(trees, n_features, doc):
    """features[N,F] -> probability[N,1] = mean of the trees' leaf values (a random forest or extra
    trees: each leaf holds its fraction of positive training samples). Splits are exact in float32."""
    attrs = _tree_nodes(trees, exact_thresholds=True)
    nodes = [
        helper.make_node(
            "TreeEnsembleRegressor", ["features"], ["probability"], domain="ai.onnx.ml",
            n_targets=1, aggregate_function="AVERAGE", post_transform="NONE", **attrs,
        )
    ]
    return _features_model("tree_average", nodes, n_features, "probability", 1, doc)


def average_path_length(n):
    n = np.asarray(n, dtype=np.float64)
    out = np.zeros_like(n)
    out[n == 2] = 1.0
    big = n > 2
    out[big] = 2.0 * (np.log(n[big] - 1.0) + np.euler_gamma) - 2.0 * (n[big] - 1.0) / n[big]
    return out


def isolation_forest(forest, n_features, doc):
    """features[N,F] -> score[N,1] = 2^(-E[h(x)] / c(max_samples)), the Liu et al. anomaly score
    (sklearn's score_samples with the sign flipped): near 1 anomalous, well below 0.5 normal."""
    trees = []
    for est, feats in zip(forest.estimators_, forest.estimators_features_):
        tree = est.tree_
        depth = np.zeros(tree.node_count)
        for n in range(tree.node_count):
            for child in (tree.children_left[n], tree.children_right[n]):
                if child != -1:
                    depth[child] = depth[n] + 1
        leaf_len = depth + average_path_length(tree.n_node_samples)
        trees.append((tree, list(feats), lambda n, leaf_len=leaf_len: leaf_len[n]))
    attrs = _tree_nodes(trees)
    c = float(average_path_length([forest.max_samples_])[0])
    nodes = [
        helper.make_node(
            "TreeEnsembleRegressor", ["features"], ["mean_path"], domain="ai.onnx.ml",
            n_targets=1, aggregate_function="AVERAGE", post_transform="NONE", **attrs,
        ),
        helper.make_node("Mul", ["mean_path", "k"], ["exponent"]),
        helper.make_node("Exp", ["exponent"], ["score"]),
    ]
    return _features_model(
        "isolation_forest", nodes, n_features, "score", 1, doc,
        initializer=[numpy_helper.from_array(np.asarray([-np.log(2.0) / c], dtype=np.float32), "k")],
    )


def quantise_int8(weights):
    """Symmetric int8 per output column: W ≈ q * scale[col]. Returns (q int8, scale float32)."""
    w = np.asarray(weights, dtype=np.float32)
    scale = (np.abs(w).max(axis=0) / 127.0).astype(np.float32)
    scale[scale == 0] = np.float32(1.0)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale


def dequantised(q, scale):
    """What DequantizeLinear computes: (q - 0) * scale in float32."""
    return q.astype(np.float32) * scale


def linear_mlp_average(lin_w, lin_b, w1, b1, w2, b2, doc):
    """features[N,F] -> probabilities[N,C] = (softmax(x Wl + bl) + softmax(relu(x W1 + b1) W2 + b2)) / 2.

    An equal-weight ensemble of a linear model and a one-hidden-layer MLP on the same features, in
    one graph. The three weight matrices are int8 with one float32 scale per output column
    (DequantizeLinear, axis 1), which keeps a 8 000-feature vocabulary under the 5 MB budget; the
    training code thresholds on the same dequantised weights."""
    inits = []
    nodes = []
    for name, w in (("Wl", lin_w), ("W1", w1), ("W2", w2)):
        q, s = quantise_int8(w)
        inits += [
            numpy_helper.from_array(q, f"{name}_q"),
            numpy_helper.from_array(s, f"{name}_scale"),
            numpy_helper.from_array(np.zeros(s.shape, dtype=np.int8), f"{name}_zero"),
        ]
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_scale", f"{name}_zero"], [name], axis=1))
    for name, b in (("bl", lin_b), ("b1", b1), ("b2", b2)):
        inits.append(numpy_helper.from_array(np.asarray(b, dtype=np.float32), name))
    inits.append(numpy_helper.from_array(np.asarray([0.5], dtype=np.float32), "half"))
    f, c = np.asarray(lin_w).shape
    nodes += [
        helper.make_node("MatMul", ["features", "Wl"], ["zl"]),
        helper.make_node("Add", ["zl", "bl"], ["logits_linear"]),
        helper.make_node("Softmax", ["logits_linear"], ["p_linear"], axis=-1),
        helper.make_node("MatMul", ["features", "W1"], ["z1"]),
        helper.make_node("Add", ["z1", "b1"], ["a1"]),
        helper.make_node("Relu", ["a1"], ["h"]),
        helper.make_node("MatMul", ["h", "W2"], ["z2"]),
        helper.make_node("Add", ["z2", "b2"], ["logits_mlp"]),
        helper.make_node("Softmax", ["logits_mlp"], ["p_mlp"], axis=-1),
        helper.make_node("Add", ["p_linear", "p_mlp"], ["p_sum"]),
        helper.make_node("Mul", ["p_sum", "half"], ["probabilities"]),
    ]
    return _features_model(
        "linear_mlp_average", nodes, f, "probabilities", c, doc,
        initializer=inits,
    )


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def linear_mlp_average_probs(x, lin_w, lin_b, w1, b1, w2, b2):
    """What linear_mlp_average computes, in numpy, with the shipped int8 weights."""
    wl, ww1, ww2 = (dequantised(*quantise_int8(w)) for w in (lin_w, w1, w2))
    pl = _softmax(x @ wl + np.asarray(lin_b, dtype=np.float32))
    h = np.maximum(x @ ww1 + np.asarray(b1, dtype=np.float32), np.float32(0))
    pm = _softmax(h @ ww2 + np.asarray(b2, dtype=np.float32))
    return ((pl + pm) * np.float32(0.5)).astype(np.float32)


def word_vector_encoder(q, scale, output_scale, doc):
    """word_ids[L] (int64, L >= 1) -> sentence_vector[1, 2D]: the int8 rows of the ids (Gather, then
    DequantizeLinear with one scale per dimension), mean- and max-pooled over the words,
    concatenated, L2-normalised and scaled. Gathering before dequantising touches L rows, not the
    whole table, so a message costs microseconds. Texts without a known word never reach the graph
    (their vector is all zeros), so the normalisation never divides by zero."""
    q = np.asarray(q, dtype=np.int8)
    d = q.shape[1]
    inits = [
        numpy_helper.from_array(q, "E_q"),
        numpy_helper.from_array(np.asarray(scale, dtype=np.float32), "E_scale"),
        numpy_helper.from_array(np.zeros(d, dtype=np.int8), "E_zero"),
        numpy_helper.from_array(np.asarray([output_scale], dtype=np.float32), "output_scale"),
    ]
    nodes = [
        helper.make_node("Gather", ["E_q", "word_ids"], ["rows_q"], axis=0),
        helper.make_node("DequantizeLinear", ["rows_q", "E_scale", "E_zero"], ["rows"], axis=1),
        helper.make_node("ReduceMean", ["rows"], ["mean"], axes=[0], keepdims=1),
        helper.make_node("ReduceMax", ["rows"], ["max"], axes=[0], keepdims=1),
        helper.make_node("Concat", ["mean", "max"], ["pooled"], axis=1),
        helper.make_node("LpNormalization", ["pooled"], ["unit"], axis=1, p=2),
        helper.make_node("Mul", ["unit", "output_scale"], ["sentence_vector"]),
    ]
    graph = helper.make_graph(
        nodes,
        "word_vector_encoder",
        [helper.make_tensor_value_info("word_ids", TensorProto.INT64, ["L"])],
        [helper.make_tensor_value_info("sentence_vector", TensorProto.FLOAT, [1, 2 * d])],
        initializer=inits,
    )
    return _model(graph, doc)
