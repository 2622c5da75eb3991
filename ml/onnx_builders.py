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
    graph = helper.make_graph(
        nodes,
        "linear_softmax",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", f])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", c])],
        initializer=[
            numpy_helper.from_array(w16, "W16"),
            numpy_helper.from_array(np.asarray(bias, dtype=np.float32), "b"),
        ],
    )
    return _model(graph, doc)


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
    graph = helper.make_graph(
        nodes,
        "tree_ensemble",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])],
    )
    return _model(graph, doc)


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
    graph = helper.make_graph(
        nodes,
        "tree_average",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])],
    )
    return _model(graph, doc)


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
    graph = helper.make_graph(
        nodes,
        "isolation_forest",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])],
        initializer=[numpy_helper.from_array(np.asarray([-np.log(2.0) / c], dtype=np.float32), "k")],
    )
    return _model(graph, doc)
