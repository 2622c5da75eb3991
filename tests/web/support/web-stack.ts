import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../../local/stack.js';

/** The whole local stack (real handlers, demo data, no simulator) on the run's DynamoDB Local; `overrides` for a test's own settings. */
export function startWebStack(overrides: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    inMemory: true,
    simulator: false,
    logLevel: 'SILENT',
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `web${randomBytes(3).toString('hex')}`,
    retryBaseDelayMs: 10,
    streamPollIntervalMs: 50,
    ...overrides,
  });
}

/** Posts the seed fault for `vehicleId` as acme's partner: one CRITICAL ENGINE_FAILURE alert. */
export async function raiseSeedFault(stack: LocalStack, vehicleId: string, tenantId = 'acme'): Promise<void> {
  const token = await stack.issuer.issue({ tenantId, userId: `${tenantId}-partner`, roles: ['partner'] });
  const response = await fetch(`${stack.url}/v1/telemetry`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      readings: [{ vehicleId, ts: new Date().toISOString(), engineTemp: 120, oilPressure: 10 }],
    }),
  });
  if (response.status !== 202) throw new Error(`telemetry answered ${response.status}: ${await response.text()}`);
}
