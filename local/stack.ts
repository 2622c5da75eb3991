// First: X-Ray must load in manual mode, before any handler module loads it (docs/adr/0029).
import './runtime/untraced-process.js';
import { join, resolve } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbFleetRepository } from '../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbVehicleRegistry } from '../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import { dynamoDbApiKeyRepository } from '../functions/modules/integrations/adapters/dynamodb-api-key-repository.js';
import { dynamoDbOAuthClientRepository } from '../functions/modules/integrations/adapters/dynamodb-oauth-client-repository.js';
import { decideMachineCredential } from '../functions/modules/integrations/use-cases/machine-credentials.js';
import type { Notifier } from '../functions/modules/notifications/ports/notifier.js';
import { apiGatewayConnections } from '../functions/modules/realtime/adapters/apigateway-connection-gateway.js';
import type { ConnectionGateway } from '../functions/modules/realtime/ports/connection-gateway.js';
import { FUNCTIONS } from '../functions/modules/registry.js';
import { JoseAccessTokenVerifier } from '../functions/platform/auth/access-token-verifier.js';
import { JoseTokenVerifier } from '../functions/platform/auth/jose-token-verifier.js';
import { tokenEndpointOf } from '../functions/platform/auth/token-endpoint.js';
import { systemClock } from '../functions/platform/clock.js';
import type { RepositoryAdapter } from '../functions/platform/dynamodb/table-adapter.js';
import type { FunctionDeclaration } from '../functions/platform/wiring/declaration.js';
import { LocalIssuer } from './auth/local-issuer.js';
import { LocalOAuthClients } from './auth/local-oauth-clients.js';
import { DeadLetterQueue } from './bus/dead-letter-queue.js';
import { InProcessEventBus } from './bus/in-process-event-bus.js';
import { LocalDataKeys } from './crypto/local-data-keys.js';
import { createTables, type TableNames, tableNames } from './dynamodb/create-tables.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from './dynamodb/dynamodb-local.js';
import { startStreams } from './dynamodb/start-streams.js';
import { HttpApi } from './gateway/http-api.js';
import { LocalServer, WEBSOCKET_PATH } from './gateway/local-server.js';
import { MANAGEMENT_PREFIX } from './gateway/management-api.js';
import { WebSocketApi } from './gateway/websocket-api.js';
import { type LocalParts, localDeps } from './local-deps.js';
import { OutboxNotifier } from './outbox/outbox-notifier.js';
import { concurrencyLimit } from './runtime/concurrency-limit.js';
import { invoke, type MountedFunction, mountFunctions, REPO_ROOT } from './runtime/functions.js';
import { createLocalLogger, parseLogLevel } from './runtime/logging.js';
import { startSchedules } from './runtime/schedules.js';
import { InMemorySearchIndex } from './search/in-memory-search-index.js';
import { DEMO_TENANTS } from './seed/demo-data.js';
import { seedDemoData } from './seed/seed-demo-data.js';
import { FleetSimulator } from './simulator/fleet-simulator.js';
import { DynamoDbStreamPoller } from './streams/dynamodb-stream-poller.js';
import { TableWrites } from './streams/table-writes.js';
import { LocalTimerHost } from './timers/local-timer-host.js';

export interface LocalStackOptions {
  /** 0 picks a free port. @default 3000 */
  readonly port?: number;
  /** Loopback only: the local stack has no TLS and trusts its callers. @default '127.0.0.1' */
  readonly host?: string;
  /** Where DynamoDB Local and the issuer key keep their files; undefined keeps everything in memory. */
  readonly dataDir?: string | undefined;
  /** Forces in-memory even when `dataDir` is set. */
  readonly inMemory?: boolean;
  /** Run the simulated fleet. @default true */
  readonly simulator?: boolean | { readonly intervalMs?: number; readonly seed?: number };
  /** DEBUG, INFO, WARN, ERROR or SILENT. @default 'INFO' */
  readonly logLevel?: string;
  /** Use a DynamoDB Local that is already running (tests share one) instead of starting one. */
  readonly dynamoEndpoint?: string;
  /** Physical table name prefix. @default 'fleetops-local' */
  readonly tablePrefix?: string;
  /** Write the demo fleet. @default true */
  readonly seed?: boolean;
  /** The functions to mount. @default FUNCTIONS */
  readonly functions?: readonly FunctionDeclaration[];
  /** First retry delay of bus and stream deliveries. @default 50 */
  readonly retryBaseDelayMs?: number;
  /**
   * The stream pollers' timed poll, a safety net for writes made by clients other than the stack's
   * own (those wake the pollers at once, docs/adr/0028). @default 5000
   */
  readonly streamPollIntervalMs?: number;
  /**
   * The SMS/push/e-mail provider the functions send through, given the outbox (tests inject a
   * failing provider in front of it). @default the outbox itself
   */
  readonly notifier?: (outbox: OutboxNotifier) => Notifier;
  /**
   * Let outbound webhooks go to `http://` and loopback receivers (127.0.0.1, ::1), for a receiver
   * on this machine; deployed functions never can (ADR 0068).
   * @default FLEETOPS_WEBHOOK_ALLOW_LOOPBACK === 'true'
   */
  readonly allowLoopbackWebhooks?: boolean;
  /**
   * How many event-triggered invocations of one function run at once; more wait their turn, as
   * Lambda queues asynchronous invocations beyond a function's concurrency.
   * @default FLEETOPS_LOCAL_EVENT_CONCURRENCY, else 8
   */
  readonly eventConcurrency?: number;
}

/** A running local stack. */
export interface LocalStack {
  /** `http://127.0.0.1:{port}` */
  readonly url: string;
  /** `ws://127.0.0.1:{port}/ws` */
  readonly wsUrl: string;
  readonly port: number;
  /** The management API endpoint the ConnectionGateway uses (WEBSOCKET_ENDPOINT's twin). */
  readonly managementEndpoint: string;
  /** What the local stack's functions are built from (DynamoDB Local client, bus, outbox, …). */
  readonly parts: LocalParts;
  /** The credentials the management API accepts (new each run); the deps' SDK client signs with them. */
  readonly managementCredentials: LocalServer['managementCredentials'];
  /** A repository over this stack's DynamoDB Local table (tests and tools read the same data). */
  repository<P>(adapter: RepositoryAdapter<P>): P;
  /** The ConnectionGateway the functions use, over this stack's management API (for tests and tools). */
  readonly gateway: ConnectionGateway;
  readonly bus: InProcessEventBus;
  readonly outbox: OutboxNotifier;
  /** Pending durable timers (ADR 0110). */
  readonly timers: LocalTimerHost;
  readonly deadLetters: DeadLetterQueue;
  readonly issuer: LocalIssuer;
  /** The issuer's partner app clients (`POST /oauth2/token`, docs/adr/0113). */
  readonly oauthClients: LocalOAuthClients;
  readonly search: InMemorySearchIndex;
  readonly tables: TableNames;
  readonly dynamoEndpoint: string;
  readonly functions: readonly MountedFunction[];
  readonly logger: Logger;
  /**
   * Resolves when nothing is in flight anywhere: bus deliveries, WebSocket route handlers and
   * DynamoDB stream batches (the streams are polled until empty), including work they cause.
   */
  idle(): Promise<void>;
  /** Stops the simulator, pollers, sockets, server and the DynamoDB Local child. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the whole platform in this process: DynamoDB Local with the declared tables, every
 * declared handler mounted from FUNCTIONS with local deps, the HTTP and WebSocket APIs and the
 * management API on one port, the event bus, stream pollers, outbox, issuer, demo data and
 * (optionally) the simulated fleet. `npm start`, the e2e tests and the benchmark all use this.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const logger = createLocalLogger(parseLogLevel(options.logLevel));
  // Powertools Metrics prints an EMF document per flush; locally the JSON logs say the same.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory || options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const cleanups: (() => Promise<void> | void)[] = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn('cleanup failed', { error: error as Error });
      }
    }
  };

  try {
    // 1. DynamoDB Local and the tables, from the same definitions the CDK stateful stack uses.
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
      cleanups.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    const clientConfig = { endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamoClient = new DynamoDBClient(clientConfig);
    // Every write the functions make goes through this client: it wakes the stream pollers (ADR 0028).
    const tableWrites = new TableWrites().watch(dynamoClient);
    const streamsClient = new DynamoDBStreamsClient(clientConfig);
    cleanups.push(() => {
      dynamoClient.destroy();
      streamsClient.destroy();
    });
    const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const tables = tableNames(options.tablePrefix ?? 'fleetops-local');
    const repository = <P>(adapter: RepositoryAdapter<P>): P =>
      adapter.create({ client: documentClient, tableName: tables[adapter.table.id] as string, clock: systemClock });
    await createTables(dynamoClient, tables);
    // Before any poller starts: LATEST consumers skip these records, the rest skip the entity-less item.
    await startStreams(dynamoClient, tables);

    // 2. The server first: the management endpoint in the deps needs its port.
    const server = new LocalServer(logger);
    const port = await server.listen(options.port ?? 3000, host);
    cleanups.push(() => server.close());
    const url = `http://${host}:${port}`;
    const managementEndpoint = `${url}${MANAGEMENT_PREFIX}`;

    // 3. Local adapters and the deps the handler factories get.
    const issuer = await LocalIssuer.create({ dataDir });
    const oauthClients = await LocalOAuthClients.create({ dataDir });
    const deadLetters = new DeadLetterQueue(dataDir ? { file: join(dataDir, 'bus', 'dead-letters.jsonl') } : {});
    const bus = new InProcessEventBus({
      logger,
      deadLetters,
      ...(options.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.retryBaseDelayMs }),
      ...(dataDir ? { journalDir: join(dataDir, 'bus') } : {}),
    });
    const outbox = new OutboxNotifier({ now: () => new Date() }, logger);
    const search = new InMemorySearchIndex();
    const dataKeys = await LocalDataKeys.create({ dataDir });
    const timers = new LocalTimerHost({
      dynamo: dynamoClient,
      client: documentClient,
      tableName: `${options.tablePrefix ?? 'fleetops-local'}-localTimers`,
      bus,
      clock: systemClock,
      logger,
    });
    const parts: LocalParts = {
      documentClient,
      tables,
      events: bus,
      notifier: notifierOver(outbox, options.notifier),
      search,
      timers,
      dataKeys,
      tokens: { issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keySet() },
      oauthClients,
      tokenEndpoint: tokenEndpointOf(`${url}/oauth2/token`),
      websocketEndpoint: managementEndpoint,
      managementCredentials: server.managementCredentials,
      // The one place the egress rule is relaxed: this composition root, by an explicit setting.
      egress: {
        allowLoopbackHttp: options.allowLoopbackWebhooks ?? process.env.FLEETOPS_WEBHOOK_ALLOW_LOOPBACK === 'true',
      },
    };

    // 4. Every declared handler, built by its own factory, wired to its triggers.
    const declarations = options.functions ?? FUNCTIONS;
    // Each function gets its own logger, as each Lambda function has its own: the context a
    // handler's middleware appends (function name, request id) must not leak into another's logs.
    const functions = mountFunctions(declarations, (declaration) =>
      localDeps(declaration, parts, logger.createChild({ serviceName: declaration.name })),
    );
    const pollers: DynamoDbStreamPoller[] = [];
    const eventConcurrency = options.eventConcurrency ?? Number(process.env.FLEETOPS_LOCAL_EVENT_CONCURRENCY ?? 8);
    for (const fn of functions) {
      // One limit per function, shared by its rules, as a function's concurrency is.
      const invokeForEvent = concurrencyLimit(eventConcurrency, (event: unknown) => invoke(fn, event));
      for (const trigger of fn.declaration.triggers) {
        if (trigger.kind === 'event') {
          bus.addTarget({ declaration: fn.declaration, trigger, invoke: invokeForEvent });
        } else if (trigger.kind === 'stream') {
          pollers.push(
            new DynamoDbStreamPoller({
              dynamo: dynamoClient,
              streams: streamsClient,
              tableName: tables[trigger.table.id] as string,
              declaration: fn.declaration,
              trigger,
              invoke: (event) => invoke(fn, event),
              logger,
              deadLetters,
              region: LOCAL_REGION,
              ...(options.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.retryBaseDelayMs }),
              writes: tableWrites,
              ...(options.streamPollIntervalMs === undefined ? {} : { safetyPollMs: options.streamPollIntervalMs }),
              ...(dataDir ? { checkpointDir: join(dataDir, 'streams') } : {}),
            }),
          );
        }
      }
    }
    const webSocketApi = new WebSocketApi({ functions, logger });
    // The gateway's JWT authorizer: the same verifier the WebSocket authorizer binds, on the local key.
    const tokens = new JoseTokenVerifier(parts.tokens);
    // The gateway's partner authorizer: the integrations module's decision on API keys and OAuth2
    // access tokens, on DynamoDB Local and the local issuer's key (ADRs 0108, 0113).
    const machineCredentials = {
      apiKeys: repository(dynamoDbApiKeyRepository),
      oauthClients: repository(dynamoDbOAuthClientRepository),
      accessTokens: new JoseAccessTokenVerifier({ issuer: issuer.issuer, keys: issuer.keySet() }),
      clock: systemClock,
    };
    const httpApi = new HttpApi({
      functions,
      tokens,
      logger,
      machineCredentials: (headers) =>
        decideMachineCredential(machineCredentials, headers, (error) =>
          logger.warn('lastUsedAt not recorded', { error: error as Error }),
        ),
    });
    const startedAt = Date.now();
    server.attach({
      httpApi,
      webSocketApi,
      staticRoot: join(REPO_ROOT, 'web', 'dist'), // the built PWA (npm start and npm test build it)
      dev: {
        issuer,
        oauthClients,
        outbox,
        deadLetters,
        health: () => ({
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          storage: dataDir ? 'disk' : 'memory',
          functions: functions.length,
          connections: webSocketApi.size,
          deadLetters: deadLetters.list().length,
        }),
      },
    });
    cleanups.push(() => webSocketApi.stop());

    // 5. Demo data, then the asynchronous sources.
    if (options.seed ?? true) {
      const seeded = await seedDemoData(
        { fleet: repository(dynamoDbFleetRepository), vehicles: repository(dynamoDbVehicleRegistry), events: bus },
        DEMO_TENANTS,
      );
      logger.info('demo data seeded', { ...seeded });
    }
    bus.replayJournal(); // deliveries a crashed run accepted but did not finish (ADR 0027)
    // Timers stored by an earlier run fire now or when due (ADR 0110); after the targets are on the bus.
    await timers.start();
    cleanups.push(() => timers.stop());
    for (const poller of pollers) {
      await poller.start();
      cleanups.push(() => poller.stop());
    }
    const stopSchedules = startSchedules(functions, logger);
    cleanups.push(stopSchedules);
    // On stop (cleanups run in reverse): after the simulator, let in-flight deliveries finish
    // (bounded) before the tables they write to go away.
    cleanups.push(async () => {
      await Promise.race([bus.idle(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    });
    const simulatorOptions = options.simulator ?? true;
    if (simulatorOptions) {
      const simulator = new FleetSimulator({
        baseUrl: url,
        issuer,
        tenants: DEMO_TENANTS,
        logger,
        ...(typeof simulatorOptions === 'object' ? simulatorOptions : {}),
      });
      simulator.start();
      cleanups.push(() => simulator.stop());
    }

    let stopping: Promise<void> | undefined;
    const stack: LocalStack = {
      url,
      wsUrl: `ws://${host}:${port}${WEBSOCKET_PATH}`,
      port,
      managementEndpoint,
      parts,
      managementCredentials: server.managementCredentials,
      gateway: apiGatewayConnections.create({
        endpoint: managementEndpoint,
        credentials: server.managementCredentials,
      }),
      repository,
      bus,
      outbox,
      timers,
      deadLetters,
      issuer,
      oauthClients,
      search,
      tables,
      dynamoEndpoint,
      functions,
      logger,
      async idle() {
        for (;;) {
          await bus.idle();
          await webSocketApi.idle();
          let delivered = 0;
          for (const poller of pollers) delivered += await poller.drain();
          if (delivered === 0 && bus.inFlight === 0) return;
        }
      },
      stop() {
        stopping ??= (async () => {
          logger.info('local stack stopping');
          await runCleanups();
        })();
        return stopping;
      },
    };
    logger.info('local stack ready', {
      url,
      websocket: stack.wsUrl,
      managementEndpoint,
      dynamoEndpoint,
      storage: dataDir ?? 'memory',
      functions: functions.map((f) => f.declaration.name),
    });
    return stack;
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

/** The provider functions send through (the outbox unless a test injects one); tokens register with the outbox. */
function notifierOver(
  outbox: OutboxNotifier,
  provider: ((outbox: OutboxNotifier) => Notifier) | undefined,
): LocalParts['notifier'] {
  if (!provider) return outbox;
  const sender = provider(outbox);
  return {
    send: (notification) => sender.send(notification),
    register: (platform, token) => outbox.register(platform, token),
  };
}
