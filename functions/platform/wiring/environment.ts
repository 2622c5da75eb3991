/**
 * Environment variables a binding sets. The CDK function construct writes them; each binding's
 * adapter reads them, and `lambdaDeps` checks at init that they are set. Table names use the
 * table definition's `envVar`.
 */
export const ENV = {
  stage: 'STAGE',
  eventBusName: 'EVENT_BUS_NAME',
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`; the local stack's own URL locally. */
  websocketEndpoint: 'WEBSOCKET_ENDPOINT',
  searchEndpoint: 'SEARCH_ENDPOINT',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  jwksUrl: 'JWKS_URL',
  /** ARN of the stage's SNS platform application for FCM tokens (a notifier binding with channel 'push'). */
  pushFcmApplicationArn: 'PUSH_FCM_APPLICATION_ARN',
  /** ARN of the stage's SNS platform application for APNs tokens (`APNS` or `APNS_SANDBOX`). */
  pushApnsApplicationArn: 'PUSH_APNS_APPLICATION_ARN',
  /** Optional alphanumeric sender id for SMS (a notifier binding with channel 'sms'). */
  smsSenderId: 'SMS_SENDER_ID',
  /** The verified SES sender of notification e-mail (a notifier binding with channel 'email'). */
  emailFromAddress: 'EMAIL_FROM_ADDRESS',
  /** The VAPID `sub` contact (`mailto:…`) of Web Push requests (a notifier binding with channel 'webpush'). */
  vapidSubject: 'VAPID_SUBJECT',
  /** Where onnx models live; `/opt/models` from the ml layer in Lambda. */
  modelsDir: 'MODELS_DIR',
  /** ARN of the KMS key that wraps field data keys (a cipher binding). */
  fieldKeyArn: 'FIELD_KEY_ARN',
  /** The EventBridge Scheduler group of a function's durable timers (a timers binding). */
  timerScheduleGroup: 'TIMER_SCHEDULE_GROUP',
  /** The role EventBridge Scheduler assumes to put fired timers on the bus. */
  timerRoleArn: 'TIMER_ROLE_ARN',
  /** The bus a fired timer's event goes to. */
  timerEventBusArn: 'TIMER_EVENT_BUS_ARN',
  /** Where timers go whose event could not be put on the bus. */
  timerDeadLetterArn: 'TIMER_DEAD_LETTER_ARN',
  /** The stage's user pool, whose partner app clients an oauthClients binding manages. */
  userPoolId: 'USER_POOL_ID',
  /**
   * The absolute URL of the stage's OAuth2 token endpoint (a tokenEndpoint binding): the user pool
   * domain's `/oauth2/token` in AWS, the local issuer's locally.
   */
  oauthTokenUrl: 'OAUTH_TOKEN_URL',
} as const;

/** Reads a required variable or throws naming it, so a misconfigured function fails at cold start. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}
