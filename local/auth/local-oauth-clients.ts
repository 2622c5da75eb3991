import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiScope } from '../../functions/modules/integrations/domain/api-key.js';
import { oauthScopeOf } from '../../functions/modules/integrations/domain/oauth-client.js';
import type {
  OAuthClientDirectory,
  RegisteredOAuthClient,
} from '../../functions/modules/integrations/ports/oauth-client-directory.js';

const FILE = 'local-oauth-clients.json';

/** An app client as the local issuer keeps it: the SHA-256 of its secret, never the secret. */
export interface LocalAppClient {
  readonly clientId: string;
  readonly name: string;
  readonly secretHash: string;
  /** The allowed scopes as Cognito names them (`fleetops/telemetry:write`). */
  readonly allowedScopes: readonly string[];
}

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The local twin of the user pool's app clients (docs/adr/0113): the `OAuthClientDirectory` the
 * local composition root binds, and the store `POST /oauth2/token` authenticates against. Kept in
 * a file under the data directory (as the issuer's key is), in memory without one; written before
 * `register`/`remove` answer, so a client outlives a restart as a Cognito one does.
 */
export class LocalOAuthClients implements OAuthClientDirectory {
  private constructor(
    private readonly clients: Map<string, LocalAppClient>,
    private readonly file: string | undefined,
  ) {}

  /** Loads the clients from `dataDir`, or starts empty. */
  static async create(options: { readonly dataDir?: string | undefined } = {}): Promise<LocalOAuthClients> {
    const file = options.dataDir ? join(options.dataDir, FILE) : undefined;
    const saved = file
      ? await readFile(file, 'utf8').then(
          (text) => JSON.parse(text) as LocalAppClient[],
          () => [],
        )
      : [];
    return new LocalOAuthClients(new Map(saved.map((client) => [client.clientId, client])), file);
  }

  async register(client: {
    readonly name: string;
    readonly scopes: readonly ApiScope[];
  }): Promise<RegisteredOAuthClient> {
    // Cognito's form: 26 lower-case letters and digits for the id, a long random secret.
    const clientId = randomBytes(20).toString('hex').slice(0, 26);
    const clientSecret = randomBytes(38).toString('base64url');
    this.clients.set(clientId, {
      clientId,
      name: client.name,
      secretHash: hashOf(clientSecret).toString('hex'),
      allowedScopes: client.scopes.map(oauthScopeOf),
    });
    await this.save();
    return { clientId, clientSecret };
  }

  async remove(clientId: string): Promise<void> {
    if (this.clients.delete(clientId)) await this.save();
  }

  /** The client whose id and secret these are, compared in constant time; undefined otherwise. */
  authenticate(clientId: string, secret: string): LocalAppClient | undefined {
    const client = this.clients.get(clientId);
    const presented = hashOf(secret);
    const expected = client ? Buffer.from(client.secretHash, 'hex') : presented;
    return timingSafeEqual(presented, expected) && client ? client : undefined;
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    await mkdir(join(this.file, '..'), { recursive: true });
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, JSON.stringify([...this.clients.values()]), { mode: 0o600 });
    await rename(temporary, this.file);
  }
}
