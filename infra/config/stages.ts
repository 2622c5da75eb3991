import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The deployment stages `-c stage=…` accepts. */
export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Thresholds of the CloudWatch alarms the observability stack raises to the ops topic. */
export interface AlarmThresholds {
  /** HTTP API p99 latency over 5 minutes, in milliseconds. */
  readonly apiP99LatencyMs: number;
  /** HTTP API 5xx responses in 5 minutes. */
  readonly api5xxCount: number;
  /** HTTP API 4xx responses in 5 minutes (a spike means a broken client or an attack). */
  readonly api4xxCount: number;
  /** Errors of one function in 5 minutes. */
  readonly lambdaErrors: number;
  /** Throttles of one function in 5 minutes. */
  readonly lambdaThrottles: number;
  /** Share of the function's timeout its p99 duration may reach, 0–1. */
  readonly lambdaDurationP99OfTimeout: number;
  /** Visible messages in any DLQ. Anything in a DLQ is a message that was not delivered. */
  readonly dlqDepth: number;
  /**
   * Age of the newest record a stream consumer has read when it is invoked (`IteratorAge`), in
   * milliseconds: above it the consumer is falling behind its table (the ingest log's consumer is
   * where history and vehicle state come from, ADR 0135); records are kept only 24 h.
   */
  readonly streamIteratorAgeMs: number;
  /** `alertsRaised` by the alert engine in 5 minutes above which ops is told (an alert storm). */
  readonly alertsRaisedPerFiveMinutes: number;
}

/** OpenSearch sizing for a stage. */
export interface SearchSizing {
  /** @example 't3.small.search' */
  readonly dataNodeInstanceType: string;
  readonly dataNodes: number;
  /** Dedicated master nodes; omit for none (dev). */
  readonly masterNodes?: { readonly instanceType: string; readonly count: number };
  /** Availability zones the data nodes spread over; 1 disables zone awareness. */
  readonly availabilityZones: 1 | 2 | 3;
  readonly volumeSizeGiB: number;
}

/** A custom domain name with its ACM certificate (for CloudFront: a us-east-1 certificate). */
export interface CustomDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

/** Everything that differs between stages. Stacks read nothing else from the outside world. */
export interface StageConfig {
  readonly stage: StageName;
  /**
   * Explicit account/region. Without it the stacks are environment-agnostic, which keeps
   * `cdk synth` offline (no lookups).
   * @default - environment-agnostic
   */
  readonly env?: { readonly account: string; readonly region: string };
  /** What happens to stateful resources (tables, keys, user pool, buckets) when a stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  /** Powertools LOG_LEVEL of every function. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly alarms: AlarmThresholds;
  readonly search: SearchSizing;
  /** Steady-state requests per second and burst of the API stages. */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /** Days the event bus archive keeps events for replay. */
  readonly eventArchiveRetentionDays: number;
  /** Cognito threat protection (Plus feature plan): on in prod, where it is worth its price. */
  readonly cognitoThreatProtection: boolean;
  /** Require TOTP MFA of every user (otherwise optional). */
  readonly mfaRequired: boolean;
  /**
   * Whether this stage sets the account-wide API Gateway CloudWatch Logs role (WebSocket access
   * logs need it). Exactly one stage per account should own it; turn it off where another stack
   * already manages the setting.
   */
  readonly manageApiGatewayLoggingRole: boolean;
  /**
   * Deploy new function versions by canary (10 % for 5 minutes, rolled back on errors) instead of
   * all at once.
   */
  readonly canaryDeployments: boolean;
  /**
   * Origins allowed to call the HTTP API from a browser: `https://host[:port]`, or `*` (dev only).
   * Prod lists the PWA's own origin(s): its `webDomain` (which must be listed when set) or the
   * CloudFront domain. The CloudFront domain cannot be read from the web stack here (it depends on
   * the API stack), so it is configured, not derived.
   */
  readonly corsAllowOrigins: readonly string[];
  /**
   * E-mail addresses subscribed to the ops alarms topic: the people every alarm and recovery
   * reaches. Each must be a plain address, listed once. An empty list fails the synth unless
   * {@link allowNoAlarmEmails} is set (ADR 0050).
   */
  readonly alarmEmails: readonly string[];
  /**
   * Accept an empty {@link alarmEmails}: alarms still change state and publish, but no one is
   * e-mailed. For dev only; prod rejects it.
   * @default false
   */
  readonly allowNoAlarmEmails?: boolean;
  /** Custom domain of the PWA. @default - the CloudFront domain */
  readonly webDomain?: CustomDomain;
  /**
   * Custom domain of Cognito managed login (e.g. `login.fleetops.example`).
   * @default - the prefix domain `fleetops-{stage}-{account}.auth.{region}.amazoncognito.com`
   */
  readonly identityDomain?: CustomDomain;
  /** SNS sender id for SMS, where the destination country supports one. @default - none */
  readonly smsSenderId?: string;
  /**
   * The SNS platform applications of mobile push, one per platform (needed by functions bound to
   * the `push` channel). Each is an ARN or `app/{PLATFORM}/{name}` in the stage's account and
   * region. CDK cannot create them: they hold the FCM service-account key and the APNs signing key,
   * which an operator uploads once per stage (docs/adr/0117).
   */
  readonly pushPlatformApplications?: { readonly fcm: string; readonly apns: string };
  /**
   * The SES-verified sender of notification e-mail (needed by functions bound to the e-mail
   * channel); SES grants are limited to its domain's identity.
   */
  readonly emailFromAddress?: string;
  /**
   * Ship each function's source map and set `NODE_OPTIONS=--enable-source-maps`, so stack traces
   * in the logs name TypeScript files and lines. Node then parses the map whenever an
   * `Error.stack` is read, a cold-start and per-error cost; prod reads traces with the bundle's map
   * at hand instead (ADR 0050). Read it with {@link sourceMapsOf}.
   * @default - true in dev, false in prod
   */
  readonly sourceMaps?: boolean;
}

const DEV: StageConfig = {
  stage: 'dev',
  removalPolicy: RemovalPolicy.DESTROY,
  logRetention: RetentionDays.ONE_WEEK,
  logLevel: 'DEBUG',
  alarms: {
    apiP99LatencyMs: 3000,
    api5xxCount: 5,
    api4xxCount: 500,
    lambdaErrors: 5,
    lambdaThrottles: 5,
    lambdaDurationP99OfTimeout: 0.9,
    dlqDepth: 1,
    streamIteratorAgeMs: 600_000,
    alertsRaisedPerFiveMinutes: 1000,
  },
  search: { dataNodeInstanceType: 't3.small.search', dataNodes: 1, availabilityZones: 1, volumeSizeGiB: 10 },
  throttling: { rateLimit: 50, burstLimit: 100 },
  eventArchiveRetentionDays: 7,
  cognitoThreatProtection: false,
  mfaRequired: false,
  manageApiGatewayLoggingRole: true,
  canaryDeployments: false,
  corsAllowOrigins: ['*'],
  // Dev alarms are looked at on the dashboard; developers add their own address when they want mail.
  alarmEmails: [],
  allowNoAlarmEmails: true,
  // Placeholder: verify this identity in SES (or set your own) before notification e-mail leaves the sandbox.
  emailFromAddress: 'alerts@fleetops.example',
  // Created by hand with the FCM and APNs (sandbox) credentials before the first deploy (ADR 0117).
  pushPlatformApplications: { fcm: 'app/GCM/fleetops-dev-fcm', apns: 'app/APNS_SANDBOX/fleetops-dev-apns' },
};

const PROD: StageConfig = {
  stage: 'prod',
  removalPolicy: RemovalPolicy.RETAIN,
  logRetention: RetentionDays.THREE_MONTHS,
  logLevel: 'INFO',
  alarms: {
    apiP99LatencyMs: 1500,
    api5xxCount: 1,
    api4xxCount: 2000,
    lambdaErrors: 1,
    lambdaThrottles: 1,
    lambdaDurationP99OfTimeout: 0.8,
    dlqDepth: 1,
    streamIteratorAgeMs: 120_000,
    alertsRaisedPerFiveMinutes: 5000,
  },
  search: {
    dataNodeInstanceType: 'r7g.large.search',
    dataNodes: 3,
    masterNodes: { instanceType: 'm7g.large.search', count: 3 },
    availabilityZones: 3,
    volumeSizeGiB: 100,
  },
  throttling: { rateLimit: 1000, burstLimit: 2000 },
  eventArchiveRetentionDays: 90,
  cognitoThreatProtection: true,
  mfaRequired: true,
  manageApiGatewayLoggingRole: true,
  canaryDeployments: true,
  // The PWA's origin. Placeholder: set the real custom domain (and webDomain) or the distribution's
  // https://dxxxx.cloudfront.net before the first deploy.
  corsAllowOrigins: ['https://app.fleetops.example'],
  // The on-call list. Each address receives an AWS confirmation e-mail on the first deploy and gets
  // nothing until it confirms. Replace the placeholder with the real rota before the first deploy.
  alarmEmails: ['fleetops-oncall@fleetops.example'],
  // Placeholder like the above: the SES-verified sender of notification e-mail.
  emailFromAddress: 'alerts@fleetops.example',
  // Created by hand with the FCM and APNs (production) credentials before the first deploy (ADR 0117).
  pushPlatformApplications: { fcm: 'app/GCM/fleetops-prod-fcm', apns: 'app/APNS/fleetops-prod-apns' },
};

const CONFIGS: Readonly<Record<StageName, StageConfig>> = { dev: DEV, prod: PROD };

/** A plain e-mail address (what SNS e-mail subscriptions accept): local@domain.tld, no spaces or names. */
const EMAIL_ADDRESS =
  /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * Checks what one field's type cannot: fails the synth with a message naming the stage and field.
 * `addFleetOpsStacks` calls it before building any stack, so every synth (CLI and tests) is gated.
 * @throws when the configuration would deploy something broken or unsafe.
 */
export function validateStageConfig(config: StageConfig): void {
  const where = `stage '${config.stage}'`;
  const seen = new Set<string>();
  for (const email of config.alarmEmails) {
    if (email.length > 254 || !EMAIL_ADDRESS.test(email)) {
      throw new Error(`${where}: alarmEmails entry '${email}' is not a plain e-mail address`);
    }
    const key = email.toLowerCase();
    if (seen.has(key)) throw new Error(`${where}: alarmEmails lists '${email}' twice`);
    seen.add(key);
  }
  validateCorsOrigins(config);
  if (config.identityDomain && !ACM_US_EAST_1.test(config.identityDomain.certificateArn)) {
    throw new Error(
      `${where}: identityDomain.certificateArn must be an ACM certificate in us-east-1 (Cognito requires it), got '${config.identityDomain.certificateArn}'`,
    );
  }
  if (config.sourceMaps !== undefined && typeof config.sourceMaps !== 'boolean') {
    throw new Error(`${where}: sourceMaps must be true or false, got ${String(config.sourceMaps)}`);
  }
  if (config.stage === 'prod' && config.allowNoAlarmEmails) {
    throw new Error(`${where}: allowNoAlarmEmails is for dev only; prod alarms must reach someone`);
  }
  if (config.alarmEmails.length === 0 && !config.allowNoAlarmEmails) {
    throw new Error(
      `${where}: alarmEmails is empty, so alarms would notify no one. List the on-call addresses ` +
        '(infra/config/stages.ts), or set allowNoAlarmEmails: true for a dev stage.',
    );
  }
}

/** An ACM certificate in us-east-1, where CloudFront and Cognito custom domains need theirs. */
const ACM_US_EAST_1 = /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;

/** An exact browser origin: scheme https, a host name, an optional port, nothing after it. */
const HTTPS_ORIGIN = /^https:\/\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d{1,5})?$/;

function validateCorsOrigins(config: StageConfig): void {
  const where = `stage '${config.stage}'`;
  const origins = config.corsAllowOrigins;
  if (origins.length === 0) throw new Error(`${where}: corsAllowOrigins is empty; the PWA could not call the API`);
  if (origins.includes('*')) {
    // A wildcard lets any page a signed-in user visits read API responses with their token.
    if (config.stage === 'prod') {
      throw new Error(`${where}: corsAllowOrigins must list the PWA's own origin(s), not '*'`);
    }
    if (origins.length > 1) throw new Error(`${where}: corsAllowOrigins mixes '*' with explicit origins`);
    return;
  }
  for (const origin of origins) {
    if (!HTTPS_ORIGIN.test(origin)) {
      throw new Error(`${where}: corsAllowOrigins entry '${origin}' is not an https://host[:port] origin`);
    }
  }
  const web = config.webDomain && `https://${config.webDomain.domainName}`;
  if (web && !origins.includes(web)) {
    throw new Error(`${where}: corsAllowOrigins must include the PWA's custom domain ${web}`);
  }
}

/** Whether a stage's functions ship source maps: its `sourceMaps`, else on in dev and off in prod. */
export function sourceMapsOf(config: StageConfig): boolean {
  return config.sourceMaps ?? config.stage !== 'prod';
}

/** Type guard for `-c stage=…` values. */
export function isStageName(value: string): value is StageName {
  return (STAGE_NAMES as readonly string[]).includes(value);
}

/**
 * The configuration of a stage, read from the `stage` context value.
 * @param stage `dev` or `prod`. @default 'dev'
 * @throws when the stage is unknown, naming the accepted values.
 */
export function stageConfig(stage: unknown = 'dev'): StageConfig {
  const name = stage === undefined || stage === null || stage === '' ? 'dev' : String(stage);
  if (!isStageName(name)) {
    throw new Error(`Unknown stage '${name}': pass -c stage=${STAGE_NAMES.join('|')}`);
  }
  return CONFIGS[name];
}
