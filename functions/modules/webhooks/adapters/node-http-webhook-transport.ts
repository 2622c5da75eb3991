import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type TransportResult, WEBHOOK_TIMEOUT_MS } from '../domain/attempt-outcome.js';
import { firstBytes, RESPONSE_BODY_LIMIT_BYTES } from '../domain/delivery-attempt.js';
import {
  addressRefusal,
  describeRefusal,
  type EgressRefusal,
  type EgressRule,
  hostOf,
  urlRefusal,
} from '../domain/egress-rule.js';
import type { WebhookRequest, WebhookTransport } from '../ports/webhook-transport.js';

/** Resolves every address of a host name (A and AAAA), as the OS resolver would. */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Thrown inside the lookup when the rule refuses an address; becomes the attempt's error. */
class EgressRefused extends Error {
  override readonly name = 'EgressRefused';
  constructor(readonly refusal: EgressRefusal) {
    super(describeRefusal(refusal));
  }
}

export interface NodeHttpWebhookTransportProps {
  readonly rule: EgressRule;
  /** @default WEBHOOK_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** @default the OS resolver */
  readonly resolve?: Resolver;
}

/**
 * The webhook transport on Node's own `http`/`https` (docs/adr/0068). The socket's `lookup` is
 * ours: it resolves the host once, refuses the connection if any address the name resolves to is
 * not allowed (a name that answers both a public and a private address is refused, not raced), and
 * hands the socket exactly the checked addresses, so what was checked is what is connected to.
 * IP-literal hosts never reach `lookup` and are checked before the request. TLS still verifies the
 * certificate against the host name. Node's client follows no redirect; a 3xx is just a status.
 */
export class NodeHttpWebhookTransport implements WebhookTransport {
  readonly #rule: EgressRule;
  readonly #timeoutMs: number;
  readonly #resolve: Resolver;

  constructor(props: NodeHttpWebhookTransportProps) {
    this.#rule = props.rule;
    this.#timeoutMs = props.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.#resolve = props.resolve ?? systemResolver;
  }

  refusal(url: string): EgressRefusal | undefined {
    return urlRefusal(this.#rule, url);
  }

  send(request: WebhookRequest): Promise<TransportResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refused = this.refusal(request.url);
    if (refused) return Promise.resolve({ kind: 'error', error: describeRefusal(refused), durationMs: 0 });
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const done = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const outgoing = send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'fleetops-webhooks/1',
          ...request.headers,
        },
        // An IP literal is connected to as it is (checked above); a name goes through our lookup.
        ...(isIP(hostOf(url)) ? {} : { lookup: this.#lookup(url.protocol.replace(/:$/, '')) }),
        agent: false,
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        done({ kind: 'error', error: `no complete response within ${this.#timeoutMs} ms`, durationMs: elapsed() });
      }, this.#timeoutMs);
      outgoing.on('error', (error) => done({ kind: 'error', error: error.message, durationMs: elapsed() }));
      outgoing.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          response.destroy();
          const retryAfter = response.headers['retry-after'];
          done({
            kind: 'response',
            status: response.statusCode ?? 0,
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            body: firstBytes(Buffer.concat(chunks).toString('utf8'), RESPONSE_BODY_LIMIT_BYTES),
            durationMs: elapsed(),
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_BODY_LIMIT_BYTES) finish(); // the log keeps 1 KB: read no more
        });
        response.on('end', finish);
        response.on('error', finish);
      });
      outgoing.end(request.body);
    });
  }

  /** The socket's lookup: resolve once, check every address, connect only to checked ones. */
  #lookup(scheme: string): LookupFunction {
    return (hostname, options, callback) => {
      this.#resolve(hostname)
        .then((addresses) => {
          for (const { address } of addresses) {
            const refusal = addressRefusal(this.#rule, address, scheme);
            if (refusal) throw new EgressRefused(refusal);
          }
          const family = typeof options === 'object' ? options.family : undefined;
          const usable = addresses.filter((a) => !family || a.family === family);
          const first = usable[0];
          if (!first) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          if (typeof options === 'object' && options.all) {
            (callback as unknown as (e: null, all: readonly LookupAddress[]) => void)(null, usable);
          } else {
            callback(null, first.address, first.family);
          }
        })
        .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
    };
  }
}
