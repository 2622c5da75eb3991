"""Trains every fleetops model and writes ml/models/*.onnx + *.json, ml/data/* test splits of the
simulated and team-written data, and tests/ml/fixtures/* for the TypeScript featurisers.

Run with Debian's Python (it owns python3-sklearn and python3-onnx): `npm run ml:train`, i.e.
/usr/bin/python3 ml/train.py [intent|clinc150|ai4i|vehicle|anomaly ...]. Seeds are fixed.
"""

import json
import os
import random
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nlu_corpus  # noqa: E402
import simulate  # noqa: E402
import train_tabular  # noqa: E402
import train_text  # noqa: E402
from tabular_features import ai4i_features, driving_features, vehicle_features  # noqa: E402
from text_features import TextVectorizer, feature_names  # noqa: E402
from word_vectors import WordVectorEncoder  # noqa: E402

REPO = HERE.parent
MODELS = HERE / "models"
DATA = HERE / "data"
FIXTURES = REPO / "tests" / "ml" / "fixtures"
SHARED = Path(os.environ.get("FLEETOPS_ML_DATA_DIR", REPO.parent / "shared" / "data"))


def write_fixtures():
    """Feature vectors computed here, for tests/ml to compare with the TypeScript featurisers."""
    meta = json.loads((MODELS / "intent.json").read_text())
    vec = TextVectorizer(meta["vocabulary"], meta["idf"])
    texts = [
        "TRK-204 won't start!!",
        "where's van 88 right now?",
        "Ich möchte mit einem Menschen sprechen",
        "the invoice for 2026-03-14 is WRONG, this is ridiculous",
        "",
        "   ",
        "book a service for unit 77 next Tuesday",
        "it’s overheating… again",
        "ÀÉÎ õü naïve café",
        "schedule  an  inspection\tfor trk 12",
    ]
    rows = json.loads((DATA / "nlu-sample.json").read_text()) if (DATA / "nlu-sample.json").exists() else []
    texts += rows
    text_fx = []
    for t in texts:
        cols, vals = vec.sparse_row(t)
        text_fx.append({"text": t, "features": feature_names(t), "indices": cols, "values": [float(v) for v in vals]})
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "text-features.json").write_text(json.dumps({"model": "intent", "rows": text_fx}, ensure_ascii=False) + "\n")

    encoder = WordVectorEncoder.load(MODELS, "word-vectors")
    wv_texts = texts + ["what's my bank balance", "zzzz qqqq", "0 0 0", "Please, please help!! the truck is broken"]
    wv_fx = [
        {"text": t, "wordIds": encoder.token_ids(t), "vector": [float(v) for v in encoder.encode_one(t)]}
        for t in wv_texts
    ]
    (FIXTURES / "word-vectors.json").write_text(json.dumps({"model": "word-vectors", "rows": wv_fx}, ensure_ascii=False) + "\n")

    all_ai4i = train_tabular.read_ai4i(SHARED / "ai4i2020.csv")
    ai4i_rows = all_ai4i[::997]
    # Plus the first rows where the heat-dissipation indicator fires and where power leaves its band.
    ai4i_rows += [r for r in all_ai4i if ai4i_features(r)[10] == 1.0][:3]
    ai4i_rows += [r for r in all_ai4i if ai4i_features(r)[11] > 0.0][:3]
    veh_rows = simulate.degradation_dataset(seed=5, vehicles=3, steps=20)[::7]
    veh_rows.append({"engineTemp": 120, "oilPressure": 10, "batteryVoltage": 13.9, "rpm": 1800})
    wins = simulate.driving_windows(9, 5, 5)
    tab = {
        "ai4i": [{"input": r, "features": [float(np.float32(v)) for v in ai4i_features(r)]} for r in ai4i_rows],
        "vehicle": [{"input": r, "features": [float(np.float32(v)) for v in vehicle_features(r)]} for r in veh_rows],
        "driving": [
            {
                "speeds": w["speeds"],
                "timestampsMs": [i * 1000 for i in range(len(w["speeds"]))],
                "features": [
                    float(np.float32(v)) for v in driving_features(w["speeds"], [i * 1000 for i in range(len(w["speeds"]))])
                ],
            }
            for w in wins
        ],
    }
    (FIXTURES / "tabular-features.json").write_text(json.dumps(tab) + "\n")


def main(argv):
    random.seed(0)
    np.random.seed(0)
    which = set(argv) or {"intent", "clinc150", "ai4i", "vehicle", "anomaly"}
    MODELS.mkdir(exist_ok=True)
    DATA.mkdir(exist_ok=True)
    if not SHARED.exists():
        sys.exit(f"data sets not found at {SHARED}; set FLEETOPS_ML_DATA_DIR")
    if "intent" in which:
        train_text.train_fleet_nlu(MODELS, DATA)
    if "clinc150" in which:
        # The sentence encoder's vocabulary covers the training texts of every text model.
        fleet = [r["text"] for r in nlu_corpus.build_corpus() if r["split"] == "train"]
        train_text.train_clinc(MODELS, SHARED / "clinc150.json", fleet)
    if "ai4i" in which:
        train_tabular.train_ai4i(MODELS, SHARED / "ai4i2020.csv")
    if "vehicle" in which:
        train_tabular.train_vehicle(MODELS, DATA)
    if "anomaly" in which:
        train_tabular.train_anomaly(MODELS, DATA)
    write_fixtures()


if __name__ == "__main__":
    main(sys.argv[1:])
