/** One field problem of a 400 answer: `path` names the field (`body.condition.geofence.circle.radiusM`). */
export interface ApiErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** An answer of the API that is not 2xx, with the `{code, message, details?}` body of the contract. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 4xx other than 408 and 429: sending the same request again cannot succeed. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The request never got an answer (offline, DNS, connection reset). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** Where the API is and which token to send; set once at start-up. */
export interface HttpSettings {
  readonly baseUrl: string;
  readonly token: () => string | undefined;
}

let settings: HttpSettings | undefined;

/** Points every client module at the API of config.json. */
export function configureHttp(next: HttpSettings): void {
  settings = next;
}

/** Options of {@link apiRequest}. */
export interface ApiRequestInit {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Override the session token (the seed-fault demo sends as the partner). */
  readonly token?: string;
}

/** Calls the HTTP API with the session's bearer token; throws ApiError or NetworkError. */
export async function apiRequest<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  if (!settings) throw new Error('configureHttp was not called');
  const token = init.token ?? settings.token();
  let response: Response;
  try {
    response = await fetch(`${settings.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    const details = Array.isArray(problem.details) ? (problem.details as ApiErrorDetail[]) : [];
    throw new ApiError(response.status, problem.code ?? 'ERROR', problem.message ?? `HTTP ${response.status}`, details);
  }
  return body as T;
}
