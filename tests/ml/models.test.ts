import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxMlAdapters } from '../../functions/ml/ml-adapters.js';
import { ModelStore, resolveModelsDir } from '../../functions/ml/model-store.js';
import { OnnxAnomalyDetector } from '../../functions/ml/onnx-anomaly-detector.js';
import { OnnxFailurePredictor } from '../../functions/ml/onnx-failure-predictor.js';
import { OnnxLanguageUnderstanding } from '../../functions/ml/onnx-language-understanding.js';
import { INTENTS } from '../../functions/ml/ports/language-understanding.js';

const store = new ModelStore(resolveModelsDir({}));
/** Models with the shared `features[N, F] -> output[N, k]` signature. */
const MODELS = ['intent', 'sentiment', 'clinc150', 'ai4i', 'vehicle-failure', 'driving-anomaly'];
/** The sentence encoder (`word_ids[L] -> sentence_vector[1, 2D]`), tested in word-vectors.test.ts. */
const ENCODERS = ['word-vectors'];

describe('committed models', () => {
  it('are all present and at most 5 MB each', () => {
    const files = readdirSync(store.modelsDir).filter((f) => f.endsWith('.onnx'));
    expect(files.sort()).toEqual([...MODELS, ...ENCODERS].map((m) => `${m}.onnx`).sort());
    for (const f of files) expect(statSync(path.join(store.modelsDir, f)).size).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it.each(MODELS)('%s loads through onnxruntime-node and maps [N, features] to [N, outputs]', async (name) => {
    const { session, metadata } = await store.load<{
      labels?: string[];
      featureOrder?: string[];
      vocabulary?: string[];
      wordVectors?: string;
    }>(name);
    expect(session.inputNames).toEqual(['features']);
    expect(session.outputNames).toHaveLength(1);
    const encoderWidth = metadata.wordVectors
      ? (await store.load<{ width: number }>(metadata.wordVectors)).metadata.width
      : 0;
    const width = (metadata.vocabulary ?? metadata.featureOrder ?? []).length + encoderWidth;
    expect(width).toBeGreaterThan(0);
    const batch = 3;
    const output = await session.run({
      features: new Tensor('float32', new Float32Array(batch * width).fill(0.5), [batch, width]),
    });
    const result = output[session.outputNames[0] as string];
    // Text models give one probability per label; tree models one score per row.
    const expected = metadata.labels ? metadata.labels.length : 1;
    expect(result?.dims).toEqual([batch, expected]);
    const values = Array.from(result?.data as Float32Array);
    expect(values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
  });

  it('reuses one session per model', async () => {
    const a = await store.load('intent');
    const b = await store.load('intent');
    expect(a.session).toBe(b.session);
  });

  it('intent model covers exactly the PRODUCT.md intents', async () => {
    const { metadata } = await store.load<{ labels: string[] }>('intent');
    expect([...metadata.labels].sort()).toEqual([...INTENTS].sort());
  });

  it('understands a few plain messages', async () => {
    const nlu = new OnnxLanguageUnderstanding(store);
    const [breakdown, human, hello, offTopic] = await nlu.understandBatch([
      'TRK-204 won’t start and I’m so fed up with this',
      'let me talk to a human',
      'hello',
      'tell me a joke about cats',
    ]);
    expect(breakdown).toMatchObject({
      intent: 'vehicle_breakdown',
      sentiment: 'negative',
      entities: [{ type: 'vehicle_id', value: 'TRK-204' }],
    });
    expect(human?.intent).toBe('human_agent');
    expect(hello?.intent).toBe('greeting');
    expect(offTopic?.intent).toBe('fallback');
    expect(breakdown?.confidence).toBeGreaterThan(0);
    expect(breakdown?.confidence).toBeLessThanOrEqual(1);
  });

  it('predicts failure for the seeds’ hot engine with no oil pressure, not for a healthy one', async () => {
    const predictor = new OnnxFailurePredictor(store);
    const [hot, healthy, idle, lowOil] = await predictor.predict([
      { vehicleId: 'TRK-101', engineTemp: 120, oilPressure: 10, batteryVoltage: 13.9, rpm: 1800 },
      { vehicleId: 'VAN-12', engineTemp: 90, oilPressure: 40, batteryVoltage: 14.0, rpm: 1500 },
      // The local fleet simulator's idling engine must not raise maintenance alerts.
      { vehicleId: 'VAN-13', engineTemp: 86, oilPressure: 33.4, batteryVoltage: 14.1, rpm: 650 },
      { vehicleId: 'TRK-102', engineTemp: 89, oilPressure: 10, batteryVoltage: 14.1, rpm: 1800 },
    ]);
    expect(hot?.probability).toBeGreaterThan(0.8);
    expect(healthy?.probability).toBeLessThan(0.2);
    expect(idle?.probability).toBeLessThan(0.2);
    expect(lowOil?.probability).toBeGreaterThan(0.8);
    expect(hot).toMatchObject({ vehicleId: 'TRK-101', threshold: 0.8, horizonHours: 48 });
  });

  it('flags harsh braking but not steady cruising', async () => {
    const detector = new OnnxAnomalyDetector(store);
    const window = (speeds: number[]) => ({
      vehicleId: 'TRK-101',
      samples: speeds.map((speed, i) => ({ ts: 1_700_000_000_000 + i * 1000, speed })),
    });
    const [cruise, braking] = await detector.detect([
      window([80, 80.5, 81, 81.2, 81, 80.6, 80.2, 80, 79.8, 80, 80.3, 80.5]),
      window([80, 80.5, 81, 81, 55, 28, 5, 0, 0, 0, 0, 0]),
    ]);
    expect(cruise?.anomalous).toBe(false);
    expect(braking?.anomalous).toBe(true);
    expect(braking?.score).toBeGreaterThan(cruise?.score as number);
    expect(braking).toMatchObject({ from: 1_700_000_000_000, to: 1_700_000_011_000 });
  });
});

describe('onnxMlAdapters', () => {
  it('serves the three ports from one store', async () => {
    const ml = onnxMlAdapters(store);
    const [understanding, [prediction], [anomaly]] = await Promise.all([
      ml.languageUnderstanding.understand('where is VAN-12'),
      ml.failurePredictor.predict([
        { vehicleId: 'VAN-12', engineTemp: 90, oilPressure: 40, batteryVoltage: 14, rpm: 1500 },
      ]),
      ml.anomalyDetector.detect([
        { vehicleId: 'VAN-12', samples: [0, 1, 2].map((i) => ({ ts: i * 1000, speed: 50 })) },
      ]),
    ]);
    expect(understanding.intent).toBe('vehicle_location');
    expect(prediction?.vehicleId).toBe('VAN-12');
    expect(anomaly?.vehicleId).toBe('VAN-12');
  });
});

describe('resolveModelsDir', () => {
  it('prefers MODELS_DIR, then /opt/models in Lambda, then the repo', () => {
    expect(resolveModelsDir({ MODELS_DIR: '/tmp/m', AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe('/tmp/m');
    expect(resolveModelsDir({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe('/opt/models');
    expect(resolveModelsDir({})).toMatch(/ml[/\\]models$/);
  });

  it('reports a missing model clearly and lets a later load retry', async () => {
    const empty = new ModelStore('/nonexistent-models');
    await expect(empty.load('intent')).rejects.toThrow(/doesn't exist|ENOENT|no such file/i);
  });
});
