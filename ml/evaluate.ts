/**
 * Test-split metrics of every COMMITTED model, computed through the TypeScript serving code and
 * onnxruntime-node (no Python). `npm run --silent ml:eval` prints them as one JSON object;
 * tests/ml/metrics.test.ts fails when one falls below the floor recorded in docs/models.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelStore } from '../functions/ml/model-store.js';
import { OnnxAnomalyDetector } from '../functions/ml/onnx-anomaly-detector.js';
import { OnnxFailurePredictor, predictAi4i } from '../functions/ml/onnx-failure-predictor.js';
import { OnnxLanguageUnderstanding } from '../functions/ml/onnx-language-understanding.js';
import { INTENTS } from '../functions/ml/ports/language-understanding.js';
import type { Ai4iReading } from '../functions/ml/tabular-features.js';
import { TextClassifier } from '../functions/ml/text-classifier.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Shared data sets (AI4I, CLINC150), read in place: `FLEETOPS_ML_DATA_DIR` or `../shared/data`. */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FLEETOPS_ML_DATA_DIR ?? path.resolve(repoRoot, '../shared/data');
  if (!existsSync(path.join(dir, 'ai4i2020.csv')) || !existsSync(path.join(dir, 'clinc150.json'))) {
    throw new Error(
      `ML data sets not found in ${dir}: expected ai4i2020.csv and clinc150.json. Clone beside a shared/data folder that holds them, or set FLEETOPS_ML_DATA_DIR=/path/to/data (see README, Data sets)`,
    );
  }
  return dir;
}

/** Flat metric name → value, e.g. `ai4i.f1`. */
export type Metrics = Record<string, number>;

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

function binary(gold: readonly boolean[], predicted: readonly boolean[]): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  gold.forEach((g, i) => {
    if (predicted[i]) g ? tp++ : fp++;
    else g ? fn++ : tn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0),
    falsePositiveRate: round(fp + tn > 0 ? fp / (fp + tn) : 0),
  };
}

/** Average precision (area under the precision-recall curve, step-wise as in scikit-learn). */
export function averagePrecision(gold: readonly boolean[], scores: ArrayLike<number>): number {
  const order = gold.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = gold.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    gold[i] ? tp++ : fp++;
    // Tied scores form one threshold: only close a step after the last of them.
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const recall = tp / positives;
    ap += (recall - lastRecall) * (tp / (tp + fp));
    lastRecall = recall;
  }
  return round(ap);
}

function prefixed(prefix: string, m: Metrics): Metrics {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}.${k}`, v]));
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const cols = (header as string).split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, v[i] as string]));
  });
}

interface CorpusRow {
  text: string;
  intent: string | null;
  sentiment: string;
  frustrated: boolean;
  split: string;
}

const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;

/**
 * Fleet intents (accuracy, per-intent precision/recall, confusion), sentiment (accuracy, macro-F1,
 * per-class precision/recall/F1) and the frustration signal (precision/recall) on the corpus' held-out
 * test split, `ml/data/nlu-corpus-test.jsonl` (never read by training or tuning, ADR 0118).
 */
export async function evaluateNlu(store: ModelStore): Promise<{ metrics: Metrics; confusion: number[][] }> {
  const rows = readJsonl<CorpusRow>(path.join(repoRoot, 'ml/data/nlu-corpus-test.jsonl'));
  const nlu = new OnnxLanguageUnderstanding(store);
  const out = await nlu.understandBatch(rows.map((r) => r.text));
  const metrics: Metrics = {};
  const labelled = rows.map((r, i) => ({ gold: r.intent, pred: out[i]?.intent as string })).filter((r) => r.gold);
  metrics['intent.accuracy'] = round(labelled.filter((r) => r.gold === r.pred).length / labelled.length);
  const confusion = INTENTS.map(() => INTENTS.map(() => 0));
  for (const r of labelled) {
    const gi = INTENTS.indexOf(r.gold as (typeof INTENTS)[number]);
    const pi = INTENTS.indexOf(r.pred as (typeof INTENTS)[number]);
    (confusion[gi] as number[])[pi] = ((confusion[gi] as number[])[pi] as number) + 1;
  }
  let macroF1 = 0;
  for (const intent of INTENTS) {
    const m = binary(
      labelled.map((r) => r.gold === intent),
      labelled.map((r) => r.pred === intent),
    );
    metrics[`intent.perIntent.${intent}.precision`] = m.precision as number;
    metrics[`intent.perIntent.${intent}.recall`] = m.recall as number;
    macroF1 += (m.f1 as number) / INTENTS.length;
  }
  metrics['intent.macroF1'] = round(macroF1);
  metrics['intent.testSize'] = labelled.length;
  metrics['sentiment.accuracy'] = round(rows.filter((r, i) => out[i]?.sentiment === r.sentiment).length / rows.length);
  let sentimentF1 = 0;
  for (const label of SENTIMENTS) {
    const m = binary(
      rows.map((r) => r.sentiment === label),
      out.map((o) => o.sentiment === label),
    );
    metrics[`sentiment.perClass.${label}.precision`] = m.precision as number;
    metrics[`sentiment.perClass.${label}.recall`] = m.recall as number;
    metrics[`sentiment.perClass.${label}.f1`] = m.f1 as number;
    sentimentF1 += (m.f1 as number) / SENTIMENTS.length;
  }
  metrics['sentiment.macroF1'] = round(sentimentF1);
  metrics['sentiment.testSize'] = rows.length;
  const frustration = binary(
    rows.map((r) => r.frustrated),
    out.map((o) => o.frustration.frustrated),
  );
  metrics['frustration.precision'] = frustration.precision as number;
  metrics['frustration.recall'] = frustration.recall as number;
  metrics['frustration.f1'] = frustration.f1 as number;
  metrics['frustration.testPositives'] = rows.filter((r) => r.frustrated).length;
  return { metrics, confusion };
}

/** CLINC150 test + oos_test: in-scope accuracy and out-of-scope recall at the threshold chosen on val. */
export async function evaluateClinc(store: ModelStore, dataDir: string): Promise<Metrics> {
  const data = JSON.parse(readFileSync(path.join(dataDir, 'clinc150.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const test = [...(data.test ?? []), ...(data.oos_test ?? [])];
  const model = await TextClassifier.load(store, 'clinc150');
  const preds = await model.classify(test.map(([t]) => t));
  let inTotal = 0;
  let inCorrect = 0;
  let oosTotal = 0;
  let oosCaught = 0;
  let falseRejects = 0;
  test.forEach(([, gold], i) => {
    const pred = preds[i]?.label;
    if (gold === 'oos') {
      oosTotal++;
      if (pred === 'oos') oosCaught++;
    } else {
      inTotal++;
      if (pred === gold) inCorrect++;
      if (pred === 'oos') falseRejects++;
    }
  });
  return {
    'clinc150.inScopeAccuracy': round(inCorrect / inTotal),
    'clinc150.oosRecall': round(oosCaught / oosTotal),
    'clinc150.inScopeRejectedRate': round(falseRejects / inTotal),
    'clinc150.threshold': model.metadata.rejection?.minConfidence ?? 0,
  };
}

/** AI4I 2020 held-out 20 %: F1, precision, recall at the out-of-fold threshold, and PR-AUC. */
export async function evaluateAi4i(store: ModelStore, dataDir: string): Promise<Metrics> {
  const meta = JSON.parse(readFileSync(path.join(store.modelsDir, 'ai4i.json'), 'utf8')) as { testUdis: number[] };
  const testIds = new Set(meta.testUdis);
  const rows = readCsv(path.join(dataDir, 'ai4i2020.csv')).filter((r) => testIds.has(Number(r.UDI)));
  const readings: Ai4iReading[] = rows.map((r) => ({
    type: r.Type as Ai4iReading['type'],
    airTemperatureK: Number(r['Air temperature [K]']),
    processTemperatureK: Number(r['Process temperature [K]']),
    rotationalSpeedRpm: Number(r['Rotational speed [rpm]']),
    torqueNm: Number(r['Torque [Nm]']),
    toolWearMin: Number(r['Tool wear [min]']),
  }));
  const gold = rows.map((r) => r['Machine failure'] === '1');
  const { probabilities, threshold } = await predictAi4i(readings, store);
  const m = binary(
    gold,
    Array.from(probabilities, (p) => p >= threshold),
  );
  return prefixed('ai4i', {
    f1: m.f1 as number,
    precision: m.precision as number,
    recall: m.recall as number,
    prAuc: averagePrecision(gold, probabilities),
    threshold,
    testSize: rows.length,
  });
}

/** Simulated vehicle degradation, held-out vehicles: at the seeds' 0.8 threshold, plus PR-AUC. */
export async function evaluateVehicle(store: ModelStore): Promise<Metrics> {
  const rows = readCsv(path.join(repoRoot, 'ml/data/vehicle-degradation-test.csv'));
  const predictor = new OnnxFailurePredictor(store);
  const preds = await predictor.predict(
    rows.map((r) => ({
      vehicleId: r.vehicleId as string,
      engineTemp: Number(r.engineTemp),
      oilPressure: Number(r.oilPressure),
      batteryVoltage: Number(r.batteryVoltage),
      rpm: Number(r.rpm),
      engineLoad: Number(r.engineLoad),
      hoursSinceService: Number(r.hoursSinceService),
    })),
  );
  const gold = rows.map((r) => r.failureWithin48h === '1');
  const m = binary(
    gold,
    preds.map((p) => p.probability > p.threshold),
  );
  return prefixed('vehicleFailure', {
    f1: m.f1 as number,
    precision: m.precision as number,
    recall: m.recall as number,
    falsePositiveRate: m.falsePositiveRate as number,
    prAuc: averagePrecision(
      gold,
      preds.map((p) => p.probability),
    ),
    testSize: rows.length,
  });
}

/** Simulated driving windows with injected harsh braking, rapid acceleration and erratic speed. */
export async function evaluateAnomaly(store: ModelStore): Promise<Metrics> {
  const rows = readJsonl<{ speeds: number[]; label: string }>(
    path.join(repoRoot, 'ml/data/driving-windows-test.jsonl'),
  );
  const detector = new OnnxAnomalyDetector(store);
  const out = await detector.detect(
    rows.map((r, i) => ({ vehicleId: `W-${i}`, samples: r.speeds.map((speed, k) => ({ ts: k * 1000, speed })) })),
  );
  const gold = rows.map((r) => r.label !== 'normal');
  const m = binary(
    gold,
    out.map((o) => o.anomalous),
  );
  const metrics: Metrics = {
    precision: m.precision as number,
    recall: m.recall as number,
    f1: m.f1 as number,
    falsePositiveRate: m.falsePositiveRate as number,
  };
  for (const kind of ['harsh_braking', 'rapid_acceleration', 'erratic_speed']) {
    const idx = rows.map((r, i) => (r.label === kind ? i : -1)).filter((i) => i >= 0);
    metrics[`recall.${kind}`] = round(idx.filter((i) => out[i]?.anomalous).length / idx.length);
  }
  metrics.testSize = rows.length;
  return prefixed('anomaly', metrics);
}

/** Every model's metrics, flat, plus the intent confusion matrix (rows gold, columns predicted). */
export async function evaluateAll(
  modelsDir?: string,
): Promise<{ metrics: Metrics; confusion: { labels: readonly string[]; rows: number[][] } }> {
  const dataDir = sharedDataDir();
  const store = new ModelStore(modelsDir);
  const nlu = await evaluateNlu(store);
  const metrics = {
    ...nlu.metrics,
    ...(await evaluateClinc(store, dataDir)),
    ...(await evaluateAi4i(store, dataDir)),
    ...(await evaluateVehicle(store)),
    ...(await evaluateAnomaly(store)),
  };
  return { metrics, confusion: { labels: INTENTS, rows: nlu.confusion } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  evaluateAll().then(
    ({ metrics, confusion }) =>
      process.stdout.write(`${JSON.stringify({ ...metrics, 'intent.confusionMatrix': confusion })}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
