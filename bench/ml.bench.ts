/**
 * ML serving benchmark: NLU per message, failure and anomaly inference per reading, and the cold
 * cost of loading onnxruntime-node and every model in a fresh process. Collected by bench/run.ts;
 * `npx tsx bench/ml.bench.ts` prints this section alone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelStore } from '../functions/ml/model-store.js';
import { OnnxAnomalyDetector } from '../functions/ml/onnx-anomaly-detector.js';
import { OnnxFailurePredictor } from '../functions/ml/onnx-failure-predictor.js';
import { OnnxLanguageUnderstanding } from '../functions/ml/onnx-language-understanding.js';
import { TextClassifier } from '../functions/ml/text-classifier.js';
import { sharedDataDir } from '../ml/evaluate.js';
import { type BenchSection, quantile } from './bench-section.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = ['intent', 'sentiment', 'clinc150', 'word-vectors', 'ai4i', 'vehicle-failure', 'driving-anomaly'];

async function timeEach<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<number[]> {
  for (const item of items.slice(0, 50)) await fn(item); // warm-up: JIT and onnxruntime allocations
  const times: number[] = [];
  // Three passes, so p99 rests on 30 samples beyond it rather than 10.
  for (let pass = 0; pass < 3; pass++) {
    for (const item of items) {
      const start = performance.now();
      await fn(item);
      times.push(performance.now() - start);
    }
  }
  return times;
}

const row = (what: string, n: number, t: number[]): string =>
  `| ${what} | ${n} | ${quantile(t, 0.5).toFixed(3)} | ${quantile(t, 0.99).toFixed(3)} |`;

function coldLoad(): { wallMs: number; loadMs: number } {
  // A fresh Node process: import the runtime, create every session, run nothing else.
  const script = `
    const t0 = performance.now();
    const { ModelStore } = await import(${JSON.stringify(path.join(repoRoot, 'functions/ml/model-store.ts'))});
    const store = new ModelStore();
    await Promise.all(${JSON.stringify(MODELS)}.map((m) => store.load(m)));
    process.stdout.write(String(performance.now() - t0));`;
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (run.status !== 0) throw new Error(`cold load failed: ${run.stderr}`);
  return { wallMs, loadMs: Number(run.stdout) };
}

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  const store = new ModelStore();
  const texts = readFileSync(path.join(repoRoot, 'ml/data/nlu-corpus.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .slice(0, 1000);
  const nlu = new OnnxLanguageUnderstanding(store);
  const nluTimes = await timeEach(texts, (t) => nlu.understand(t));

  // CLINC150: TF-IDF row + GloVe sentence vector (a second ONNX run) + the classifier, per query.
  const clinc = await TextClassifier.load(store, 'clinc150');
  const clincData = JSON.parse(readFileSync(path.join(sharedDataDir(), 'clinc150.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const queries = (clincData.test ?? []).slice(0, 1000).map(([text]) => text);
  const clincTimes = await timeEach(queries, (q) => clinc.classify([q]));

  const predictor = new OnnxFailurePredictor(store);
  const readings = Array.from({ length: 1000 }, (_, i) => ({
    vehicleId: `TRK-${i}`,
    engineTemp: 80 + (i % 45),
    oilPressure: 10 + (i % 40),
    batteryVoltage: 12 + (i % 25) / 10,
    rpm: 800 + (i % 20) * 100,
  }));
  const failureTimes = await timeEach(readings, (r) => predictor.predict([r]));
  const batchStart = performance.now();
  await predictor.predict(readings);
  const failureBatchPerReading = (performance.now() - batchStart) / readings.length;

  const detector = new OnnxAnomalyDetector(store);
  const windows = Array.from({ length: 1000 }, (_, i) => ({
    vehicleId: `VAN-${i}`,
    samples: Array.from({ length: 12 }, (_, k) => ({ ts: k * 1000, speed: 50 + ((i * 7 + k * 13) % 30) })),
  }));
  const anomalyTimes = await timeEach(windows, (w) => detector.detect([w]));

  const cold = coldLoad();
  const table = [
    '| measure | n | p50 ms | p99 ms |',
    '|---|---|---|---|',
    row('NLU per message (intent + sentiment + entities)', nluTimes.length, nluTimes),
    row('CLINC150 per query (TF-IDF + word vectors + classifier)', clincTimes.length, clincTimes),
    row('failure prediction per reading (batch of 1)', failureTimes.length, failureTimes),
    `| failure prediction per reading (batch of ${readings.length}) | ${readings.length} | ${failureBatchPerReading.toFixed(4)} | — |`,
    row('anomaly detection per 12-sample window (batch of 1)', anomalyTimes.length, anomalyTimes),
    `| cold start: runtime + ${MODELS.length} models, in process | 1 | ${cold.loadMs.toFixed(0)} | — |`,
    `| cold start: fresh Node process, wall clock | 1 | ${cold.wallMs.toFixed(0)} | — |`,
  ].join('\n');
  return {
    title: 'ML inference (onnxruntime-node)',
    method:
      `onnxruntime-node 1.30 on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ` +
      'one intra-op thread, sessions created once and reused, 50 warm-up calls then 3 passes; NLU messages are the ' +
      'fleet corpus, CLINC150 queries its test split; cold start spawns a new process that imports the runtime and creates every session.',
    table,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { title, method, table } = await run();
  process.stdout.write(`## ${title}\n\n${method}\n\n${table}\n`);
}
