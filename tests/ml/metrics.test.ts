import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll, type Metrics, repoRoot } from '../../ml/evaluate.js';

/** Floors recorded in docs/models.md, section "Recorded metrics": rows like "| `ai4i.f1` | ≥ | 0.90 |". */
function recordedFloors(): { name: string; op: '≥' | '≤'; value: number }[] {
  const doc = readFileSync(path.join(repoRoot, 'docs/models.md'), 'utf8');
  const section = doc.split(/^## Recorded metrics$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\|\s*`([\w.]+)`\s*\|\s*(≥|≤)\s*\|\s*([\d.]+)\s*\|/gm)].map((m) => ({
    name: m[1] as string,
    op: m[2] as '≥' | '≤',
    value: Number(m[3]),
  }));
}

const floors = recordedFloors();
let metrics: Metrics;

describe('test-split metrics of the committed models (ml:eval)', () => {
  beforeAll(async () => {
    // Fails loudly (not silently passes) when ../shared/data is missing: sharedDataDir throws.
    ({ metrics } = await evaluateAll());
  }, 120_000);

  it('docs/models.md records a floor for every model', () => {
    const models = new Set(floors.map((f) => f.name.split('.')[0]));
    expect([...models].sort()).toEqual([
      'ai4i',
      'anomaly',
      'clinc150',
      'frustration',
      'intent',
      'sentiment',
      'vehicleFailure',
    ]);
  });

  it.each(floors.map((f) => [f.name, f] as const))('%s holds its recorded figure', (name, floor) => {
    const value = metrics[name];
    expect(value, `${name} missing from ml:eval output`).toBeTypeOf('number');
    if (floor.op === '≥') expect(value).toBeGreaterThanOrEqual(floor.value);
    else expect(value).toBeLessThanOrEqual(floor.value);
  });

  it('keeps the seeds’ anomaly KPI: false-positive rate at most 2 %', () => {
    expect(metrics['anomaly.falsePositiveRate']).toBeLessThanOrEqual(0.02);
  });
});
