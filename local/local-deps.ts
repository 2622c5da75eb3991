import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JWTVerifyGetKey } from 'jose';
import type { OAuthClientDirectory } from '../functions/modules/integrations/ports/oauth-client-directory.js';
import type { Notifier } from '../functions/modules/notifications/ports/notifier.js';
import type { PushEndpoints } from '../functions/modules/notifications/ports/push-endpoints.js';
import type { SearchIndex } from '../functions/modules/search/ports/search-index.js';
import type { TokenEndpoint } from '../functions/platform/auth/token-endpoint.js';
import type { Clock } from '../functions/platform/clock.js';
import type { DataKeyProvider } from '../functions/platform/crypto/field-cipher.js';
import type { EventPublisher } from '../functions/platform/events/event-publisher.js';
import { platformBasics } from '../functions/platform/runtime/basics.js';
import type { TimerScheduler, TimerTarget } from '../functions/platform/timers/timer-scheduler.js';
import type {
  Binding,
  Bindings,
  DepsOf,
  EgressParts,
  ManagementCredentials,
  PlatformBasics,
} from '../functions/platform/wiring/bindings.js';
import type { FunctionDeclaration } from '../functions/platform/wiring/declaration.js';
import type { TableNames } from './dynamodb/create-tables.js';

/** What the local stack has for each kind of binding. */
export interface LocalParts {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tables: TableNames;
  readonly events: EventPublisher;
  /** The outbox (or a provider a test puts in front of it): sends, and registers device tokens. */
  readonly notifier: Notifier & PushEndpoints;
  readonly search: SearchIndex;
  /** Durable timers on DynamoDB Local (local/timers/local-timer-host.ts), EventBridge Scheduler's twin. */
  readonly timers: { forTarget(target: TimerTarget): TimerScheduler };
  /** The local field key's twin (local/crypto/local-data-keys.ts). */
  readonly dataKeys: DataKeyProvider;
  /** Where outbound webhooks may go locally (a receiver on 127.0.0.1 when allowed). */
  readonly egress: EgressParts;
  /** The local issuer's app clients (local/auth/local-oauth-clients.ts), the user pool's twin. */
  readonly oauthClients: OAuthClientDirectory;
  /** The local issuer's `POST /oauth2/token` on this stack's own URL (OAUTH_TOKEN_URL's twin). */
  readonly tokenEndpoint: TokenEndpoint;
  readonly tokens: { readonly issuer: string; readonly audience: string; readonly keys: JWTVerifyGetKey };
  /** `http://127.0.0.1:{port}/_management`: the local management API, WEBSOCKET_ENDPOINT's twin. */
  readonly websocketEndpoint: string;
  readonly managementCredentials?: ManagementCredentials;
  readonly clock?: Clock;
}

/**
 * The local twin of `lambdaDeps`: a function gets exactly one member per binding, built from the
 * same adapter the Lambda entry builds wherever the local stack can run it (DynamoDB adapters on
 * DynamoDB Local, the API Gateway gateway on the local management API, the jose verifier on the
 * local issuer's key, the ONNX models) and in-process twins only where AWS has no faithful
 * emulator (bus, SNS outbox, search, scheduler). A member the declaration does not bind does not exist, so a
 * missing binding fails locally exactly as it would in AWS.
 */
export function localDeps<B extends Bindings>(
  declaration: FunctionDeclaration<B>,
  parts: LocalParts,
  logger: Logger,
): DepsOf<B> {
  const basics = { ...platformBasics(declaration.name, logger), ...(parts.clock ? { clock: parts.clock } : {}) };
  const members = Object.fromEntries(
    Object.entries(declaration.bindings).map(([name, binding]) => [name, localAdapter(binding, parts, basics)]),
  );
  return { ...members, ...basics } as DepsOf<B>;
}

function localAdapter(binding: Binding, parts: LocalParts, basics: PlatformBasics): unknown {
  switch (binding.kind) {
    case 'table': {
      const tableName = parts.tables[binding.table.id];
      if (!tableName) throw new Error(`No local table for '${binding.table.id}'`);
      return binding.create({ client: parts.documentClient, tableName, clock: basics.clock });
    }
    case 'bus':
      return parts.events;
    case 'notifier':
      return parts.notifier;
    case 'timers':
      return parts.timers.forTarget(binding.target);
    case 'search':
      return parts.search;
    case 'oauthClients':
      return parts.oauthClients;
    case 'tokenEndpoint':
      return parts.tokenEndpoint;
    case 'cipher':
      return binding.create({ dataKeys: parts.dataKeys });
    case 'egress':
      return binding.create(parts.egress);
    case 'websocket':
      return binding.create({
        endpoint: parts.websocketEndpoint,
        ...(parts.managementCredentials ? { credentials: parts.managementCredentials } : {}),
      });
    case 'tokens':
      return binding.create(parts.tokens);
    case 'model':
      // The same ONNX adapter as in Lambda, reading the committed models from ml/models.
      return binding.fromEnvironment({ env: {}, basics });
  }
}
