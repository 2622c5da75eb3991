import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../functions/ml/ports/language-understanding.js';
import { repoRoot } from '../../ml/evaluate.js';

describe('npm run nlu (PRODUCT.md Contracts → NLU)', () => {
  it('answers one contract line per input line', () => {
    const input = [
      { text: 'where is truck 4411 right now?' },
      { text: 'I forgot my password' },
      { text: 'book a service for unit 77 on 2026-03-14', fleet: ['VAN-77'] },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'ml/nlu-cli.ts')], {
      input: `${input}\n\nnot json\n`,
      encoding: 'utf8',
      cwd: repoRoot,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['text', 'intent', 'confidence', 'sentiment', 'entities']);
      expect(INTENTS).toContain(line.intent);
      expect(['negative', 'neutral', 'positive']).toContain(line.sentiment);
    }
    expect(lines[0]).toMatchObject({
      intent: 'vehicle_location',
      entities: [{ type: 'vehicle_id', value: 'TRK-4411' }],
    });
    expect(lines[1].intent).toBe('account_access');
    expect(lines[2]).toMatchObject({
      intent: 'maintenance',
      entities: [
        { type: 'vehicle_id', value: 'VAN-77' },
        { type: 'date', value: '2026-03-14' },
      ],
    });
    expect(run.stderr).toMatch(/not JSON/);
  });
});
