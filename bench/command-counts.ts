import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Adds one to `key`'s count. */
export const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

/** Counts divided by `units` (faults, batches, turns), largest first: `UpdateItem 2.13, Query 1.31`. */
export const perUnit = (counts: Map<string, number>, units: number, digits: number): string =>
  [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${(n / units).toFixed(digits)}`)
    .join(', ');

/** The sum of all counts. */
export const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * Calls `onCommand` with the name of every command sent through `client` (`GetItem`, `Query`):
 * the local stack's functions share its one DynamoDB client, and the document client shares the
 * base client's middleware stack, so this sees every command they send.
 */
export function onEveryCommand(client: DynamoDBDocumentClient, onCommand: (name: string) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      onCommand((context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCommands' },
  );
}
