import { createHash, createHmac } from 'node:crypto';
import {
  ApiGatewayManagementApiClient,
  ForbiddenException,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { startFakeStack } from './fixtures/fake-stack.js';
import { connect, lastEchoConnectionId, within } from './fixtures/ws-client.js';

/** SHA-256 / HMAC-SHA256 for SignatureV4 in the test, from node:crypto. */
class TestSha256 {
  readonly #chunks: Buffer[] = [];
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {}
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#chunks.push(typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as ArrayBuffer));
  }
  async digest(): Promise<Uint8Array> {
    const data = Buffer.concat(this.#chunks);
    if (this.secret === undefined) return createHash('sha256').update(data).digest();
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as ArrayBuffer);
    return createHmac('sha256', key).update(data).digest();
  }
}

describe("local management API: only the stack's own credentials get in", () => {
  let stack: LocalStack;
  let connectionId: string;
  let client: Awaited<ReturnType<typeof connect>>;
  const clients: ApiGatewayManagementApiClient[] = [];
  const sdk = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const created = new ApiGatewayManagementApiClient({
      endpoint: stack.managementEndpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    stack = await startFakeStack();
    const token = await stack.issuer.issue({ tenantId: 'acme', userId: 'd-1', roles: ['dispatcher'] });
    client = await connect(`${stack.wsUrl}?token=${token}`);
    client.socket.send(JSON.stringify({ action: 'echo' }));
    await client.next();
    connectionId = lastEchoConnectionId();
  });
  afterAll(async () => {
    client?.socket.close();
    for (const created of clients) created.destroy();
    await stack?.stop();
  });

  it('generates fresh random credentials for each run', async () => {
    // Prepare
    const other = await startFakeStack();

    // Act
    const [mine, theirs] = [stack.managementCredentials, other.managementCredentials];
    await other.stop();

    // Assess
    expect(mine.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(mine.secretAccessKey.length).toBeGreaterThanOrEqual(40);
    expect(theirs.accessKeyId).not.toBe(mine.accessKeyId);
    expect(theirs.secretAccessKey).not.toBe(mine.secretAccessKey);
  });

  it('answers 403 {"message":"Forbidden"} to unsigned calls, for every operation', async () => {
    // Act
    const url = `${stack.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`;
    const answers = await Promise.all(
      [
        fetch(url, { method: 'POST', body: '{"type":"spoofed"}' }),
        fetch(url),
        fetch(url, { method: 'DELETE' }),
        fetch(url, {
          headers: { authorization: `AWS4-HMAC-SHA256 Credential=${stack.managementCredentials.accessKeyId}` },
        }),
      ].map(async (answer) => {
        const response = await answer;
        return { status: response.status, body: await response.json() };
      }),
    );

    // Assess: refused, and the socket got nothing and is still open.
    expect(answers).toEqual(Array(4).fill({ status: 403, body: { message: 'Forbidden' } }));
    expect(client.frames).toEqual([]);
    expect(await stack.gateway.describe(connectionId)).toMatchObject({ connectedAt: expect.any(String) });
  });

  it('refuses the real SDK client signing with a wrong secret or another access key', async () => {
    // Prepare
    const { accessKeyId, secretAccessKey } = stack.managementCredentials;
    const wrongSecret = sdk({ accessKeyId, secretAccessKey: `${secretAccessKey.slice(0, -2)}xx` });
    const otherKey = sdk({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey });

    // Act
    const [posted, described] = await Promise.allSettled([
      wrongSecret.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{}') })),
      otherKey.send(new GetConnectionCommand({ ConnectionId: connectionId })),
    ]);

    // Assess
    for (const outcome of [posted, described]) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(ForbiddenException);
      expect(reason).toMatchObject({ $metadata: { httpStatusCode: 403 }, message: 'Forbidden' });
    }
    expect(client.frames).toEqual([]);
  });

  it("accepts the real SDK client with the run's credentials (as the local deps build it)", async () => {
    // Act
    await sdk(stack.managementCredentials).send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{"type":"signed"}') }),
    );
    await stack.gateway.post(connectionId, { type: 'via-deps' });

    // Assess
    expect(await within(2000, client.next())).toEqual({ type: 'signed' });
    expect(await within(2000, client.next())).toEqual({ type: 'via-deps' });
  });

  it('refuses a valid signature replayed with another body', async () => {
    // Prepare: a correctly signed PostToConnection of one frame…
    const url = new URL(`${stack.managementEndpoint}/@connections/${encodeURIComponent(connectionId)}`);
    const signer = new SignatureV4({
      credentials: stack.managementCredentials,
      region: 'us-east-1',
      service: 'execute-api',
      sha256: TestSha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: '{"type":"signed-frame"}',
    });
    const send = (body: string) => fetch(url, { method: 'POST', headers: signed.headers, body });

    // Act: …sent with a different body, then as signed.
    const tampered = await send('{"type":"tampered"}');
    const genuine = await send('{"type":"signed-frame"}');

    // Assess
    expect(tampered.status).toBe(403);
    expect(genuine.status).toBe(200);
    expect(await within(2000, client.next())).toEqual({ type: 'signed-frame' });
  });
});
