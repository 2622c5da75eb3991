import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpWebhookTransport } from '../../functions/modules/webhooks/adapters/node-http-webhook-transport.js';
import { STRICT_EGRESS } from '../../functions/modules/webhooks/domain/egress-rule.js';

/**
 * The webhook transport against a real HTTP server on 127.0.0.1 (ADR 0068): the socket connects
 * to the address our lookup checked (a made-up host name reaches the server only through it), a
 * name with any refused address is not connected to, redirects are not followed, the body is cut
 * at 1 KB and a silent receiver is cut at the timeout.
 */
describe('NodeHttpWebhookTransport', () => {
  let server: Server;
  let port: number;
  const seen: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(204).end(),
    '/redirect': (res) => res.writeHead(302, { location: '/ok' }).end(),
    '/busy': (res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down'),
    '/big': (res) => res.writeHead(500).end('y'.repeat(100_000)),
    '/silent': () => undefined,
  };
  const local = (resolve: (host: string) => string[]) =>
    new NodeHttpWebhookTransport({
      rule: { allowLoopbackHttp: true },
      timeoutMs: 300,
      resolve: async (host) => resolve(host).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body });
        (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects to the address its own lookup checked, with the signed headers and body', async () => {
    // Prepare
    const transport = local((host) => (host === 'receiver.invalid' ? ['127.0.0.1'] : []));

    // Act
    const result = await transport.send({
      url: `http://receiver.invalid:${port}/ok`,
      headers: { 'webhook-id': 'msg_1' },
      body: '{"a":1}',
    });

    // Assess
    expect(result).toMatchObject({ kind: 'response', status: 204 });
    expect(seen.at(-1)).toMatchObject({ path: '/ok', body: '{"a":1}', headers: { 'webhook-id': 'msg_1' } });
  });

  it('refuses a name if any address it resolves to is refused (no racing an allowed address against a private one)', async () => {
    const before = seen.length;
    const result = await local(() => ['127.0.0.1', '10.0.0.7']).send({
      url: `http://two-faced.invalid:${port}/ok`,
      headers: {},
      body: '{}',
    });
    expect(result).toMatchObject({ kind: 'error', error: expect.stringMatching(/private address \(10\.0\.0\.7\)/) });
    expect(seen.length).toBe(before);
  });

  it('in AWS refuses http, loopback literals and names resolving to metadata, before any byte is sent', async () => {
    const strict = new NodeHttpWebhookTransport({
      rule: STRICT_EGRESS,
      resolve: async () => [{ address: '169.254.169.254', family: 4 }],
    });
    const before = seen.length;
    expect(await strict.send({ url: `http://127.0.0.1:${port}/ok`, headers: {}, body: '{}' })).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/https/),
    });
    expect(await strict.send({ url: `https://metadata.invalid:${port}/ok`, headers: {}, body: '{}' })).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/metadata address/),
    });
    expect(seen.length).toBe(before);
  });

  it('does not follow a redirect: the 302 is the result', async () => {
    const result = await local(() => ['127.0.0.1']).send({
      url: `http://127.0.0.1:${port}/redirect`,
      headers: {},
      body: '{}',
    });
    expect(result).toMatchObject({ kind: 'response', status: 302 });
    expect(seen.at(-1)?.path).toBe('/redirect');
  });

  it('reports Retry-After and keeps at most 1 KB of the body', async () => {
    const transport = local(() => ['127.0.0.1']);
    expect(await transport.send({ url: `http://127.0.0.1:${port}/busy`, headers: {}, body: '{}' })).toMatchObject({
      status: 429,
      retryAfter: '7',
      body: 'slow down',
    });
    const big = await transport.send({ url: `http://127.0.0.1:${port}/big`, headers: {}, body: '{}' });
    expect(big).toMatchObject({ kind: 'response', status: 500 });
    expect(big.kind === 'response' && Buffer.byteLength(big.body)).toBe(1024);
  });

  it('gives up on a receiver that never answers at the timeout', async () => {
    const result = await local(() => ['127.0.0.1']).send({
      url: `http://127.0.0.1:${port}/silent`,
      headers: {},
      body: '{}',
    });
    expect(result).toMatchObject({ kind: 'error', error: expect.stringMatching(/within 300 ms/) });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });
});
