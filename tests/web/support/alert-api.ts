import type { Page } from 'playwright-core';
import type { Role } from '../../../functions/platform/wiring/roles.js';
import type { LocalStack } from '../../../local/stack.js';

/** What the browser tests read of an alert from the API. */
export interface ApiAlert {
  readonly alertId: string;
  readonly vehicleId: string;
  readonly type: string;
  readonly status: string;
  readonly history: { action: string; by: string; note?: string }[];
}

/** Calls the local stack's API as `userId` of acme (or another tenant) with `roles`. */
export async function apiAs(
  stack: LocalStack,
  userId: string,
  roles: Role[],
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const token = await stack.issuer.issue({ tenantId: 'acme', userId, roles });
  const response = await fetch(`${stack.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Posts readings for acme as its telematics partner (202 expected). */
export async function postReadings(stack: LocalStack, readings: Record<string, unknown>[]): Promise<void> {
  const { status, body } = await apiAs(stack, 'acme-partner', ['partner'], '/v1/telemetry', {
    method: 'POST',
    body: { readings: readings.map((r) => ({ ts: new Date().toISOString(), ...r })) },
  });
  if (status !== 202) throw new Error(`telemetry answered ${status}: ${JSON.stringify(body)}`);
}

/** Waits (up to 10 s) until acme has an open alert of `type` on `vehicleId`, searchable, and returns it. */
export async function waitForAlert(stack: LocalStack, vehicleId: string, type: string): Promise<ApiAlert> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const list = await apiAs(stack, 'acme-dispatcher', ['dispatcher'], `/v1/alerts?vehicleId=${vehicleId}&limit=100`);
    const found = (list.body as { items: ApiAlert[] }).items.find((a) => a.type === type && a.status === 'open');
    if (found) {
      // The search index is filled from events: wait until the alert can be found there too.
      const search = await apiAs(stack, 'acme-dispatcher', ['dispatcher'], '/v1/search?types=alert&limit=100');
      if ((search.body as { items: { id: string }[] }).items.some((i) => i.id === found.alertId)) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no searchable open ${type} alert on ${vehicleId} after 10 s`);
}

/**
 * Waits (up to 10 s) until acme's vehicle state satisfies `done`. Vehicle state is kept by the
 * ingest log's consumer (a 1 s batching window), so a 202 does not mean it has moved yet.
 */
export async function waitForVehicleState(
  stack: LocalStack,
  vehicleId: string,
  done: (state: { readings?: Record<string, number> }) => boolean,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { status, body } = await apiAs(stack, 'acme-manager', ['fleet_manager'], `/v1/vehicles/${vehicleId}`);
    if (status === 200 && done(body as { readings?: Record<string, number> })) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the state of ${vehicleId} did not arrive within 10 s`);
}

/** What has focus: tag, id, accessible-ish text. */
export function focused(page: Page): Promise<{ tag: string; id: string; text: string }> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: Record<string, string> | null } }).document
      .activeElement;
    return { tag: el?.tagName ?? 'NONE', id: el?.id ?? '', text: (el?.textContent ?? '').trim().slice(0, 80) };
  });
}

/**
 * Presses Tab (Shift+Tab backwards) until the focused element matches, at most `max` times: how a
 * keyboard user gets to a control. Fails when it is never reached.
 */
export async function tabTo(
  page: Page,
  matches: (f: { tag: string; id: string; text: string }) => boolean,
  options: { max?: number; backwards?: boolean } = {},
): Promise<void> {
  for (let i = 0; i < (options.max ?? 30); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`Tab never reached the control; focus is on ${JSON.stringify(await focused(page))}`);
}

/** WCAG 1.4.10 at 320 px: the document does not scroll sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } } }).document.scrollingElement
        .scrollWidth,
  );
}
