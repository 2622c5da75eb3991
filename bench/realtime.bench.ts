/**
 * Realtime benchmarks on the local stack (issue #9):
 * 1. lifecycle event → `alert.updated` frame: an `alert.acknowledged` published on the local bus,
 *    timed until the frame arrives on every watching acme socket (globex sockets connected too);
 * 2. the same event → the `alert.updated` server-sent event on an open `GET /v1/alerts/stream`;
 * 3. a 500-vehicle `telemetry.received` batch → the `vehicle.position` frames on fleet-wide
 *    subscribers, and what a second batch inside the same second sends (coalescing).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const SAMPLES = Number(process.env.BENCH_REALTIME_SAMPLES ?? 200);
const WARMUP = 20;
const WATCHERS = 10;
const OTHER_TENANT_SOCKETS = 10;
const SSE_SAMPLES = Math.min(SAMPLES, 40);
const FLEET = 500;
const POSITION_SUBSCRIBERS = 5;

interface Client {
  readonly socket: WebSocket;
  /** Arrival time (performance.now) of each frame, by a key the frame yields. */
  readonly arrivals: Map<string, number>;
  count(type: string): number;
}

function connect(
  url: string,
  keyOf: (frame: { type: string; data: Record<string, unknown> }) => string,
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const arrivals = new Map<string, number>();
    const counts = new Map<string, number>();
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; data: Record<string, unknown> };
      counts.set(frame.type, (counts.get(frame.type) ?? 0) + 1);
      arrivals.set(keyOf(frame), at);
    });
    socket.once('error', reject);
    socket.once('open', () => resolve({ socket, arrivals, count: (type) => counts.get(type) ?? 0 }));
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for frames');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function alert(alertId: string, status: string) {
  const ts = '2026-11-22T13:59:00.000Z';
  const reading = { vehicleId: 'TRK-101', ts, engineTemp: 120, oilPressure: 10 };
  return {
    tenantId: 'acme',
    alertId,
    vehicleId: 'TRK-101',
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    status,
    message: 'Engine failure on TRK-101',
    reading,
    readings: [reading],
    history: [],
    raisedAt: ts,
  };
}

const ms = (value: number) => value.toFixed(1);

export default async function run(): Promise<BenchSection> {
  const stack = await startLocalStack({
    port: 0,
    simulator: false,
    seed: false,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'ERROR',
  });
  try {
    const token = async (tenantId: string, roles: string[]) => {
      const response = await fetch(`${stack.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId, userId: `bench-${tenantId}`, roles }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const acmeToken = await token('acme', ['dispatcher']);
    const globexToken = await token('globex', ['dispatcher']);
    const byAlert = (frame: { type: string; data: Record<string, unknown> }) => `${frame.type}:${frame.data.alertId}`;
    const watchers = await Promise.all(
      Array.from({ length: WATCHERS }, () => connect(`${stack.wsUrl}?token=${acmeToken}`, byAlert)),
    );
    const others = await Promise.all(
      Array.from({ length: OTHER_TENANT_SOCKETS }, () => connect(`${stack.wsUrl}?token=${globexToken}`, byAlert)),
    );
    await stack.idle();

    // --- 1. ack event → alert.updated on every acme watcher -------------------------------------
    const firstFrame: number[] = [];
    const lastFrame: number[] = [];
    const run = randomBytes(3).toString('hex');
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const alertId = `B-${run}-${i}`;
      const key = `alert.updated:${alertId}`;
      const start = performance.now();
      await stack.bus.publish([
        { source: 'fleetops.alerts', detailType: 'alert.acknowledged', detail: alert(alertId, 'acknowledged') },
      ]);
      await until(() => watchers.every((w) => w.arrivals.has(key)));
      if (i >= WARMUP) {
        const times = watchers.map((w) => (w.arrivals.get(key) as number) - start);
        firstFrame.push(Math.min(...times));
        lastFrame.push(Math.max(...times));
      }
      await stack.idle();
    }
    const leaked = others.reduce((sum, o) => sum + o.count('alert.updated'), 0);

    // --- 2. ack event → alert.updated on the SSE stream ----------------------------------------
    const sseLatencies: number[] = [];
    const abort = new AbortController();
    const response = await fetch(`${stack.url}/v1/alerts/stream`, {
      headers: { authorization: `Bearer ${acmeToken}` },
      signal: abort.signal,
    });
    const sseArrivals = new Map<string, number>();
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const at = performance.now();
          for (const match of value.matchAll(/"alertId":"([^"]+)"/g)) sseArrivals.set(match[1] as string, at);
        }
      } catch {
        // aborted
      }
    })();
    for (let i = 0; i < SSE_SAMPLES; i++) {
      const alertId = `S-${run}-${i}`;
      const start = performance.now();
      await stack.bus.publish([
        { source: 'fleetops.alerts', detailType: 'alert.acknowledged', detail: alert(alertId, 'acknowledged') },
      ]);
      await until(() => sseArrivals.has(alertId));
      sseLatencies.push((sseArrivals.get(alertId) as number) - start);
      // Spread the publishes over the poll cycle so the figure is not phase-locked to it.
      await new Promise((resolve) => setTimeout(resolve, 37 + (i % 7) * 61));
    }
    abort.abort();

    // --- 3. 500 vehicles → vehicle.position on fleet-wide subscribers --------------------------
    const byVehicle = (frame: { type: string; data: Record<string, unknown> }) =>
      `${frame.type}:${frame.data.vehicleId}`;
    const subscribers = await Promise.all(
      Array.from({ length: POSITION_SUBSCRIBERS }, () => connect(`${stack.wsUrl}?token=${acmeToken}`, byVehicle)),
    );
    for (const s of subscribers)
      s.socket.send(JSON.stringify({ action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' }));
    await until(() => subscribers.every((s) => s.count('subscribed') === 1));
    const batch = (second: number) =>
      Array.from({ length: FLEET }, (_, i) => ({
        vehicleId: `TRK-${i}`,
        ts: new Date(Date.parse('2026-11-22T14:00:00.000Z') + second * 1000).toISOString(),
        lat: 41 + i / 1000,
        lng: -87 - i / 1000,
        speed: 50,
      }));
    const positionStart = performance.now();
    await stack.bus.publish([
      {
        source: 'fleetops.telemetry',
        detailType: 'telemetry.received',
        detail: { tenantId: 'acme', batchId: 'p1', readings: batch(0) },
      },
    ]);
    // A second batch of the same vehicles at once, well inside the second: coalescing must keep it
    // from sending a second frame per vehicle to any socket.
    await stack.bus.publish([
      {
        source: 'fleetops.telemetry',
        detailType: 'telemetry.received',
        detail: { tenantId: 'acme', batchId: 'p2', readings: batch(1) },
      },
    ]);
    await until(() => subscribers.every((s) => s.count('vehicle.position') >= FLEET), 60_000);
    const positionMs =
      Math.max(
        ...subscribers.map((s) =>
          Math.max(...[...s.arrivals.entries()].filter(([k]) => k.startsWith('vehicle.position')).map(([, t]) => t)),
        ),
      ) - positionStart;
    await stack.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterSecond = subscribers.reduce((sum, s) => sum + s.count('vehicle.position'), 0);

    for (const client of [...watchers, ...others, ...subscribers]) client.socket.close();

    return {
      title: 'Realtime: alert.updated and positions on the local stack',
      method: `Local stack in one process (DynamoDB Local, in-process bus, local WebSocket and management API). (1) ${SAMPLES} \`alert.acknowledged\` events published one at a time on the local bus (after ${WARMUP} warm-up events), each timed from the publish call until its \`alert.updated\` frame arrived on each of ${WATCHERS} acme dispatcher sockets (${OTHER_TENANT_SOCKETS} globex sockets connected as well); first socket and last socket. (2) ${SSE_SAMPLES} events timed until the \`alert.updated\` server-sent event arrived on one open \`GET /v1/alerts/stream\` (the stream polls its log every 500 ms). (3) one \`telemetry.received\` batch of ${FLEET} vehicles with positions, timed until all its frames arrived on ${POSITION_SUBSCRIBERS} \`*\` subscribers; and a second batch of the same vehicles published right after it (same second), which must add no frame.`,
      table: markdownTable(
        ['measure', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'notes'],
        [
          [
            'ack event → alert.updated, first socket',
            ms(quantile(firstFrame, 0.5)),
            ms(quantile(firstFrame, 0.99)),
            ms(Math.max(...firstFrame)),
            `${SAMPLES} samples`,
          ],
          [
            'ack event → alert.updated, all 10 sockets',
            ms(quantile(lastFrame, 0.5)),
            ms(quantile(lastFrame, 0.99)),
            ms(Math.max(...lastFrame)),
            `globex frames received: ${leaked}`,
          ],
          [
            'ack event → SSE alert.updated',
            ms(quantile(sseLatencies, 0.5)),
            ms(quantile(sseLatencies, 0.99)),
            ms(Math.max(...sseLatencies)),
            `${SSE_SAMPLES} samples, 500 ms poll`,
          ],
          [
            '500-vehicle batch → all frames on 5 subscribers',
            ms(positionMs),
            '',
            '',
            `${POSITION_SUBSCRIBERS * FLEET} frames; a 2nd batch in the same second added ${afterSecond - POSITION_SUBSCRIBERS * FLEET}`,
          ],
        ],
      ),
    };
  } finally {
    await stack.stop();
  }
}
