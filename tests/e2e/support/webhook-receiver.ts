import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the receiver does with one verified request: answer a status, or hold it open. */
export type ReceiverAnswer = number | 'hang';

/** One request the receiver got. */
export interface ReceivedAttempt {
  readonly webhookId: string;
  readonly timestamp: string;
  readonly body: string;
  /** Whether `standardwebhooks` verified it with the endpoint's secret. */
  readonly verified: boolean;
  readonly answer: ReceiverAnswer;
  /** `Date.now()` when it arrived. */
  readonly at: number;
}

/**
 * A partner's webhook endpoint on 127.0.0.1 for the e2e tests: every request is verified with the
 * Standard Webhooks reference library (`standardwebhooks`) before `answer` decides the response,
 * and recorded. It can go down (connections refused) and come back on the same port.
 */
export class WebhookReceiver {
  readonly attempts: ReceivedAttempt[] = [];
  /** The endpoint's secret, set once the endpoint is created. */
  secret: string | undefined;
  #server: Server | undefined;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  readonly #held = new Set<ServerResponse>();

  constructor(public answer: (request: { webhookId: string; nth: number }) => ReceiverAnswer = () => 204) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hook`;
  }

  /** Requests held open by `'hang'` and not yet released. */
  get held(): number {
    return this.#held.size;
  }

  /** Listens (again) on its port; the first start picks a free one. */
  async start(): Promise<void> {
    const server = createServer((request, response) => void this.#handle(request, response));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Goes down: stops listening and drops every open connection (new ones are refused). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#held.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answers every held request with `status`. */
  release(status = 200): void {
    for (const response of this.#held) response.writeHead(status).end();
    this.#held.clear();
  }

  /** The attempts of one message, in arrival order. */
  attemptsOf(webhookId: string): ReceivedAttempt[] {
    return this.attempts.filter((a) => a.webhookId === webhookId);
  }

  /** The message ids that got a 2xx. */
  delivered(): Set<string> {
    return new Set(this.attempts.filter((a) => typeof a.answer === 'number' && a.answer < 300).map((a) => a.webhookId));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    let verified = false;
    try {
      if (this.secret) {
        new Webhook(this.secret).verify(body, headers);
        verified = true;
      }
    } catch {
      verified = false;
    }
    const webhookId = headers['webhook-id'];
    const nth = this.attempts.length;
    // An unverified request is refused like a real receiver would; the tests assert none arrive.
    const answer = verified ? this.answer({ webhookId, nth }) : 401;
    this.attempts.push({ webhookId, timestamp: headers['webhook-timestamp'], body, verified, answer, at: Date.now() });
    if (answer === 'hang') {
      this.#held.add(response);
      return;
    }
    response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : `status ${answer}`);
  }
}

/** Polls `condition` every 25 ms until it holds; fails with `what` after `timeoutMs` (generous: 2 loaded cores). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
