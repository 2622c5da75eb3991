import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbEvaluationStateStore } from '../../functions/modules/alerts/adapters/dynamodb-evaluation-state-store.js';
import { ruleStateView } from '../../functions/modules/alerts/domain/packed-state.js';
import {
  compileRules,
  evaluateReadings,
  type VehicleEvaluationState,
} from '../../functions/modules/alerts/domain/rule-engine.js';
import {
  EvaluationStateConflict,
  type EvaluationStateStore,
} from '../../functions/modules/alerts/ports/evaluation-state-store.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

let store: EvaluationStateStore;

beforeAll(async () => {
  const db = await createTestDatabase();
  store = dynamoDbEvaluationStateStore.create({
    client: db.documentClient,
    tableName: db.tables.evaluations as string,
    clock: new FixedClock(),
  });
});

const state = (vehicleId: string, since: number): VehicleEvaluationState => ({
  vehicleId,
  rules: { 'engine-hot': { open: `alert-${since}`, tried: since } },
});

describe('DynamoDbEvaluationStateStore', () => {
  it('saves new states and loads them back with their revision', async () => {
    await store.save('acme', [
      { state: state('E-1', 1), rev: 0 },
      { state: state('E-2', 2), rev: 0 },
    ]);

    const loaded = await store.load('acme', ['E-1', 'E-2', 'E-none']);

    expect(loaded.sort((a, b) => a.state.vehicleId.localeCompare(b.state.vehicleId))).toEqual([
      { state: state('E-1', 1), rev: 1 },
      { state: state('E-2', 2), rev: 1 },
    ]);
    expect(await store.load('globex', ['E-1'])).toEqual([]);
  });

  it('keeps the packed runs and sides through a save and a load, as base64 beside their layout', async () => {
    // Prepare: a state the engine has evaluated (a run and a fence side).
    const compiled = compileRules([
      {
        ruleId: 'hot-in-depot',
        name: 'Hot in the depot',
        type: 'HOT_IN_DEPOT',
        severity: 'HIGH',
        enabled: true,
        condition: {
          all: [
            { metric: 'engineTemp', op: '>', value: 100 },
            { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'inside' },
          ],
        },
        forSeconds: 60,
      },
    ]);
    const states = new Map<string, VehicleEvaluationState>();
    const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 14, 0, s)).toISOString();
    evaluateReadings(compiled, [{ vehicleId: 'E-9', ts: at(0), engineTemp: 110, lat: 52.52, lng: 13.405 }], states);
    const evaluated = states.get('E-9') as VehicleEvaluationState;
    const view = ruleStateView(evaluated, compiled.layout, 'hot-in-depot');

    // Act
    await store.save('acme', [{ state: evaluated, rev: 0 }]);
    const [loaded] = await store.load('acme', ['E-9']);

    // Assess: stored as text, read back to the same numbers.
    expect(typeof (loaded?.state.packed as { values: unknown }).values).toBe('string');
    expect(view).toEqual({
      run: { t: Date.parse(at(0)), f: 0, r: [Date.parse(at(0))] },
      geo: { 0: [1, Date.parse(at(0))] },
    });
    expect(ruleStateView(loaded?.state as VehicleEvaluationState, compiled.layout, 'hot-in-depot')).toEqual(view);
  });

  it('saves a batch all or none: one stale revision names that vehicle and writes no other', async () => {
    // Prepare: E-3 at rev 1, E-4 new; another evaluation moves E-3 to rev 2.
    await store.save('acme', [{ state: state('E-3', 3), rev: 0 }]);
    await store.save('acme', [{ state: state('E-3', 30), rev: 1 }]);

    // Act: this evaluation loaded E-3 at rev 1.
    const failure = await store
      .save('acme', [
        { state: state('E-3', 31), rev: 1 },
        { state: state('E-4', 4), rev: 0 },
      ])
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(EvaluationStateConflict);
    expect((failure as EvaluationStateConflict).vehicleIds).toEqual(['E-3']);
    expect(await store.load('acme', ['E-3', 'E-4'])).toEqual([{ state: state('E-3', 30), rev: 2 }]);
  });

  it('saves one vehicle with a conditional put: a stale revision names it and writes nothing', async () => {
    // Prepare: E-5 at rev 1; a second evaluation loaded it at rev 0 (new) as well.
    await store.save('acme', [{ state: state('E-5', 5), rev: 0 }]);

    // Act
    const failure = await store.save('acme', [{ state: state('E-5', 50), rev: 0 }]).catch((error: unknown) => error);

    // Assess: the conflict is the store's, not DynamoDB's, and the first state stands.
    expect(failure).toBeInstanceOf(EvaluationStateConflict);
    expect((failure as EvaluationStateConflict).vehicleIds).toEqual(['E-5']);
    expect(await store.load('acme', ['E-5'])).toEqual([{ state: state('E-5', 5), rev: 1 }]);
    await store.save('acme', [{ state: state('E-5', 51), rev: 1 }]);
    expect(await store.load('acme', ['E-5'])).toEqual([{ state: state('E-5', 51), rev: 2 }]);
  });

  it('saves more vehicles than one transaction holds', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ state: state(`M-${i}`, i), rev: 0 }));

    await store.save('acme', many);

    const loaded = await store.load(
      'acme',
      many.map((m) => m.state.vehicleId),
    );
    expect(loaded).toHaveLength(130);
    expect(new Set(loaded.map((l) => l.rev))).toEqual(new Set([1]));
  });
});
