import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Clock } from '../ports/clock.js';
import type { ConnectionGateway } from '../ports/connection-gateway.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { FailurePredictor } from '../ports/failure-predictor.js';
import type { Notifier } from '../ports/notifier.js';
import type {
  AlertRepository,
  ConnectionRepository,
  FleetRepository,
  TelemetryRepository,
} from '../ports/repositories.js';
import type { SearchIndex } from '../ports/search-index.js';
import type { TokenVerifier } from '../ports/token-verifier.js';

/**
 * Everything a handler factory may depend on. `awsDeps()` builds it from the environment CDK
 * sets; the local stack builds it from DynamoDB Local and in-process adapters. Factories take a
 * `Pick<PlatformDeps, …>` of what they use, and both builders create members lazily, so a
 * function only creates the clients (and reads the env vars) it is bound to.
 */
export interface PlatformDeps {
  readonly fleet: FleetRepository;
  readonly telemetry: TelemetryRepository;
  readonly alerts: AlertRepository;
  readonly connections: ConnectionRepository;
  readonly events: EventPublisher;
  readonly notifier: Notifier;
  readonly gateway: ConnectionGateway;
  readonly search: SearchIndex;
  readonly tokens: TokenVerifier;
  /** The vehicle failure model (onnxruntime-node; the `ml` layer in Lambda). */
  readonly failures: FailurePredictor;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}
