import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduleTrigger } from '../../functions/platform/wiring/declaration.js';
import { invoke, type MountedFunction } from './functions.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './lambda-context.js';

/** Milliseconds of a `rate(n unit)` expression, or undefined for anything else (cron). */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = match[2] as string;
  const perUnit = unit.startsWith('minute') ? 60_000 : unit.startsWith('hour') ? 3_600_000 : 86_400_000;
  return n * perUnit;
}

/**
 * Runs `schedule` triggers locally: `rate(…)` expressions on a timer with the Scheduled Event
 * EventBridge sends. Cron expressions are not run locally (logged once); invoke such a function
 * from a test instead.
 */
export function startSchedules(functions: readonly MountedFunction[], logger: Logger): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const fn of functions) {
    for (const trigger of fn.declaration.triggers) {
      if (trigger.kind !== 'schedule') continue;
      const every = rateMs((trigger as ScheduleTrigger).expression);
      if (every === undefined) {
        logger.warn('schedule not run locally (only rate() is)', {
          function: fn.declaration.name,
          expression: trigger.expression,
        });
        continue;
      }
      const timer = setInterval(() => {
        const event = {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: LOCAL_ACCOUNT,
          time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: LOCAL_REGION,
          resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/fleetops-local-${fn.declaration.name}`],
          detail: {},
        };
        invoke(fn, event).catch((error: unknown) =>
          logger.error('scheduled invocation failed', { function: fn.declaration.name, error: error as Error }),
        );
      }, every);
      timer.unref();
      timers.push(timer);
    }
  }
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
