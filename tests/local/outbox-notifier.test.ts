import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../local/outbox/outbox-notifier.js';
import type { LocalStack } from '../../local/stack.js';
import { startFakeStack } from './fixtures/fake-stack.js';

describe('outbox notifier (local SNS)', () => {
  it('records every send with a message id and lists newest first, filtered by tenant and channel', async () => {
    // Prepare
    let tick = 0;
    const outbox = new OutboxNotifier({ now: () => new Date(Date.UTC(2026, 10, 22, 14, 0, tick++)) });

    // Act
    const first = await outbox.send({ tenantId: 'acme', channel: 'sms', destination: '+13125550100', message: 'one' });
    await outbox.send({
      tenantId: 'acme',
      channel: 'email',
      destination: 'a@acme.example',
      message: 'two',
      subject: 'Alert',
      metadata: { alertId: 'A1' },
    });
    await outbox.send({ tenantId: 'globex', channel: 'sms', destination: '+14155550100', message: 'three' });

    // Assess
    expect(first.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outbox.list().map((m) => m.message)).toEqual(['three', 'two', 'one']);
    expect(outbox.list({ tenantId: 'acme' }).map((m) => m.message)).toEqual(['two', 'one']);
    expect(outbox.list({ tenantId: 'acme', channel: 'sms' })).toEqual([
      {
        messageId: first.messageId,
        channel: 'sms',
        destination: '+13125550100',
        message: 'one',
        tenantId: 'acme',
        metadata: {},
        time: '2026-11-22T14:00:00.000Z',
      },
    ]);
    expect(outbox.list({ channel: 'email' })[0]).toMatchObject({ subject: 'Alert', metadata: { alertId: 'A1' } });
  });

  it('stays bounded', async () => {
    const outbox = new OutboxNotifier({ now: () => new Date() }, undefined, 2);
    for (const message of ['a', 'b', 'c']) {
      await outbox.send({ tenantId: 't', channel: 'sms', destination: '+1', message });
    }
    expect(outbox.list().map((m) => m.message)).toEqual(['c', 'b']);
  });

  describe('GET /dev/outbox', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startFakeStack();
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('returns the outbox as JSON, newest first, with query filters', async () => {
      await stack.outbox.send({ tenantId: 'acme', channel: 'sms', destination: '+13125550100', message: 'm1' });
      await stack.outbox.send({
        tenantId: 'globex',
        channel: 'sms',
        destination: '+14155550100',
        message: 'm2',
      });

      const all = (await (await fetch(`${stack.url}/dev/outbox`)).json()) as { message: string }[];
      const acme = (await (await fetch(`${stack.url}/dev/outbox?tenantId=acme&channel=sms`)).json()) as {
        message: string;
      }[];

      expect(all.map((m) => m.message)).toEqual(['m2', 'm1']);
      expect(acme.map((m) => m.message)).toEqual(['m1']);
    });
  });
});
