import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

/** What the signer takes as credentials: static ones or a provider. */
type SigningCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** One call of the OpenSearch REST API. */
export interface OpenSearchRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** The path below the domain, e.g. `/fleetops-alerts/_search`; segments already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body, or the lines of an NDJSON body (`_bulk`). */
  readonly body?: unknown;
  readonly ndjson?: boolean;
}

/** The status and parsed JSON body (undefined for HEAD or an empty body). */
export interface OpenSearchResponse<T = unknown> {
  readonly statusCode: number;
  readonly body: T;
}

/** What the search adapter needs of OpenSearch: one request, one response. */
export interface OpenSearchTransport {
  /**
   * Sends `request`. A 2xx resolves; so does a status listed in `accept` (e.g. 404 of `HEAD` on
   * an index); any other status rejects with {@link OpenSearchResponseError}.
   */
  request<T = unknown>(request: OpenSearchRequest, accept?: readonly number[]): Promise<OpenSearchResponse<T>>;
}

/** A status OpenSearch answered that the caller did not accept, with OpenSearch's error type. */
export class OpenSearchResponseError extends Error {
  override readonly name = 'OpenSearchResponseError';

  constructor(
    readonly statusCode: number,
    /** `error.type` of the body, e.g. `index_not_found_exception`, when there is one. */
    readonly type: string | undefined,
    reason: string,
  ) {
    super(`OpenSearch answered ${statusCode}${type ? ` ${type}` : ''}: ${reason}`);
  }
}

/** Props of {@link HttpOpenSearchTransport}. */
export interface HttpOpenSearchTransportProps {
  /** The domain's endpoint, e.g. `https://search-fleetops-dev-….eu-west-1.es.amazonaws.com`. */
  readonly node: string;
  /**
   * Signs every request with SigV4 for this region and service.
   * @default - unsigned (a local domain without the security plugin, as the contract tests use)
   */
  readonly signing?: {
    readonly region: string;
    /** @default 'es' (OpenSearch Service; `aoss` for Serverless) */
    readonly service?: string;
    /** @default - the SDK's default chain (the function role's credentials in Lambda) */
    readonly credentials?: SigningCredentials;
  };
  /**
   * Milliseconds before a request is abandoned.
   * @default 10000
   */
  readonly timeoutMs?: number;
}

/**
 * The OpenSearch REST API over Node's `fetch`, signed with the SDK's own SigV4 signer.
 *
 * Why not `@opensearch-project/opensearch`: the adapter uses four endpoints (`_search`, `_bulk`,
 * `HEAD` and `PUT` of an index), and the client is ~250 KB of every search function's bundle, two
 * thirds of it, loaded at each cold start (docs/adr/0086). The requests are the documented REST
 * API, so what the client would send is what this sends.
 */
export class HttpOpenSearchTransport implements OpenSearchTransport {
  private readonly origin: URL;
  private readonly signer: SignatureV4 | undefined;
  private readonly timeoutMs: number;

  constructor(props: HttpOpenSearchTransportProps) {
    this.origin = new URL(props.node);
    if (this.origin.protocol !== 'https:' && this.origin.protocol !== 'http:') {
      throw new Error(`OpenSearch node must be an http(s) URL, got ${props.node}`);
    }
    this.timeoutMs = props.timeoutMs ?? 10_000;
    if (!(this.timeoutMs > 0)) throw new Error(`timeoutMs must be positive, got ${props.timeoutMs}`);
    this.signer = props.signing
      ? new SignatureV4({
          region: props.signing.region,
          service: props.signing.service ?? 'es',
          credentials: props.signing.credentials ?? defaultProvider(),
          sha256: NodeSha256,
        })
      : undefined;
  }

  async request<T = unknown>(
    request: OpenSearchRequest,
    accept: readonly number[] = [],
  ): Promise<OpenSearchResponse<T>> {
    const body = serialise(request);
    const query = Object.fromEntries(
      Object.entries(request.query ?? {})
        .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
    const headers: Record<string, string> = { host: this.origin.host };
    if (body !== undefined) headers['content-type'] = request.ndjson ? 'application/x-ndjson' : 'application/json';
    const signed = await this.sign(request.method, request.path, query, headers, body);

    const url = new URL(request.path, this.origin);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    // fetch sets Host itself and refuses to take it from us.
    const { host: _host, ...sent } = signed;
    const response = await fetch(url, {
      method: request.method,
      headers: sent,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    const parsed = text === '' ? undefined : parseJson(text);
    if ((response.status >= 200 && response.status < 300) || accept.includes(response.status)) {
      return { statusCode: response.status, body: parsed as T };
    }
    const error = (parsed as { error?: { type?: unknown; reason?: unknown } | string } | undefined)?.error;
    const type = typeof error === 'object' && typeof error.type === 'string' ? error.type : undefined;
    const reason =
      typeof error === 'object' && typeof error.reason === 'string'
        ? error.reason
        : typeof error === 'string'
          ? error
          : text.slice(0, 200);
    throw new OpenSearchResponseError(response.status, type, reason);
  }

  private async sign(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<Record<string, string>> {
    if (!this.signer) return headers;
    // The payload hash as a header too: OpenSearch Serverless requires it, the service accepts it.
    const payloadHash = Buffer.from(await digest(body ?? '')).toString('hex');
    const signed = await this.signer.sign({
      method,
      protocol: this.origin.protocol,
      hostname: this.origin.hostname,
      ...(this.origin.port ? { port: Number(this.origin.port) } : {}),
      path,
      query,
      headers: { ...headers, 'x-amz-content-sha256': payloadHash },
      body,
    });
    return signed.headers as Record<string, string>;
  }
}

let transport: OpenSearchTransport | undefined;

/** The container's one OpenSearch transport, signing with the function role's credentials (SigV4, `es`). */
export function openSearchTransport(node: string, region: string): OpenSearchTransport {
  transport ??= new HttpOpenSearchTransport({ node, signing: { region } });
  return transport;
}

function serialise(request: OpenSearchRequest): string | undefined {
  if (request.body === undefined) return undefined;
  if (!request.ndjson) return JSON.stringify(request.body);
  if (!Array.isArray(request.body)) throw new TypeError('An NDJSON body is an array of lines');
  // The bulk API requires the final newline.
  return `${request.body.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function digest(body: string): Promise<Uint8Array> {
  const hash = new NodeSha256();
  hash.update(body);
  return hash.digest();
}
