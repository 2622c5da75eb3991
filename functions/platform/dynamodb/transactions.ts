import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Items of one TransactWriteItems request: DynamoDB's limit. */
export const TRANSACTION_ITEMS = 100;

/** Why an item of a cancelled transaction failed: another writer got there first. */
export type ContentionCode = 'ConditionalCheckFailed' | 'TransactionConflict';

/**
 * Why each item of a transaction cancelled by contention failed, in request order (`None` or
 * undefined for the items that would have succeeded); undefined when `error` is anything else —
 * another error, or a cancellation no retry fixes (validation, size) — so the caller throws it.
 */
export function contentionCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return codes.some(isContention) ? codes : undefined;
}

/** Whether a cancellation reason code is contention. */
export function isContention(code: string | undefined): code is ContentionCode {
  return code === 'ConditionalCheckFailed' || code === 'TransactionConflict';
}

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
