/**
 * Environment variables a binding sets. The CDK API stack writes them; functions/platform reads
 * them (failing fast with a clear message when one is missing). Table names use TABLES[id].envVar.
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
  kmsKeyId: 'KMS_KEY_ID',
  /** ARN of the SNS platform application for mobile push (binding topics: ['push']). */
  pushPlatformApplicationArn: 'PUSH_PLATFORM_APPLICATION_ARN',
  /** Optional alphanumeric sender id for SMS (binding topics: ['sms']). */
  smsSenderId: 'SMS_SENDER_ID',
  /** Where onnx models live; `/opt/models` from the ml layer in Lambda. */
  modelsDir: 'MODELS_DIR',
} as const;

/** Reads a required variable or throws naming it, so a misconfigured function fails at cold start. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}
