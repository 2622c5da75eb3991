import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { fakeRecords } from './fixtures/fake-handlers.js';
import { startFakeStack } from './fixtures/fake-stack.js';

describe('declared event triggers in the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startFakeStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('routes published events to the declared handler by its pattern, with retries and a DLQ', async () => {
    // Prepare: the recorder fails twice; its trigger allows two retries.
    fakeRecords().failuresLeft = 2;

    // Act
    await stack.bus.publish([
      { source: 'test.source', detailType: 'x', detail: { level: 5 } },
      { source: 'test.source', detailType: 'x', detail: { level: 1 } },
      { source: 'other.source', detailType: 'x', detail: { level: 9 } },
    ]);
    await stack.idle();
    fakeRecords().failuresLeft = 3;
    await stack.bus.publish([{ source: 'test.source', detailType: 'x', detail: { level: 4 } }]);
    await stack.idle();

    // Assess
    expect(fakeRecords().events).toEqual([expect.objectContaining({ detail: { level: 5 } })]);
    const dlq = (await (await fetch(`${stack.url}/dev/dlq`)).json()) as { functionName: string; attempts: number }[];
    expect(dlq).toEqual([expect.objectContaining({ kind: 'event', functionName: 'recordEvents', attempts: 3 })]);
  });
});
