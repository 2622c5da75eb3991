import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { CLAIMS } from '../../functions/platform/auth/identity.js';
import type { Role } from '../../functions/platform/wiring/roles.js';

/**
 * Fixed, not derived from the port: tokens issued before a restart on another port stay valid,
 * as Cognito's issuer does not change with the client.
 */
export const LOCAL_ISSUER = 'https://local.fleetops/issuer';
export const LOCAL_AUDIENCE = 'fleetops-local';
const KEY_FILE = 'local-issuer-key.json';
const DEFAULT_TTL_SECONDS = 3600;

type SigningKey = Parameters<SignJWT['sign']>[0];

export interface IssueTokenInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly email?: string;
  /** Negative values issue an already-expired token (tests of 401). @default 3600 */
  readonly expiresInSeconds?: number;
}

/**
 * The local twin of the Cognito user pool: signs RS256 ID tokens with the claims Cognito puts in
 * them (`sub`, `custom:tenantId`, `cognito:groups`, `token_use: id`) and publishes the public key
 * as a JWKS. The key pair lives under the data directory so tokens survive restarts.
 */
export class LocalIssuer {
  private constructor(
    private readonly privateKey: SigningKey,
    readonly publicJwk: JWK,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  /** Loads the key pair from `dataDir`, or creates (and saves) one; in memory when no dir is given. */
  static async create(options: { dataDir?: string | undefined; issuer?: string; audience?: string } = {}) {
    const issuer = options.issuer ?? LOCAL_ISSUER;
    const audience = options.audience ?? LOCAL_AUDIENCE;
    const file = options.dataDir ? join(options.dataDir, KEY_FILE) : undefined;
    if (file) {
      const saved = await readFile(file, 'utf8').then(
        (text) => JSON.parse(text) as { privateJwk: JWK; publicJwk: JWK },
        () => undefined,
      );
      if (saved) {
        const privateKey = (await importJWK(saved.privateJwk, 'RS256')) as SigningKey;
        return new LocalIssuer(privateKey, saved.publicJwk, issuer, audience);
      }
    }
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const kid = randomUUID();
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    if (file && options.dataDir) {
      const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
      await mkdir(options.dataDir, { recursive: true });
      await writeFile(file, JSON.stringify({ privateJwk, publicJwk }), { mode: 0o600 });
    }
    return new LocalIssuer(privateKey, publicJwk, issuer, audience);
  }

  /** The document served at `/.well-known/jwks.json`. */
  get jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] };
  }

  /** A key resolver for `JoseTokenVerifier`, without a network round trip. */
  keySet(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  /**
   * Signs a client credentials access token shaped like Cognito's (docs/adr/0113): `sub` and
   * `client_id` the app client, `token_use: access`, `scope` space-separated, no `aud`.
   */
  async issueAccessToken(input: {
    readonly clientId: string;
    readonly scope: string;
    readonly expiresInSeconds: number;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      client_id: input.clientId,
      token_use: 'access',
      scope: input.scope,
      auth_time: now,
      version: 2,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid ?? 'local', typ: 'JWT' })
      .setSubject(input.clientId)
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + input.expiresInSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** Signs an ID token shaped like Cognito's. */
  async issue(input: IssueTokenInput): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const ttl = input.expiresInSeconds ?? DEFAULT_TTL_SECONDS;
    return new SignJWT({
      [CLAIMS.tenantId]: input.tenantId,
      [CLAIMS.groups]: [...input.roles],
      'cognito:username': input.userId,
      token_use: 'id',
      auth_time: now,
      ...(input.email ? { email: input.email } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid ?? 'local', typ: 'JWT' })
      .setSubject(input.userId)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}
