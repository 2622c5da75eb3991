/** What the alert stream carries: `alert.raised` or `alert.updated`, with the whole alert. */
export interface AlertStreamEntry {
  /** Sorts by append time (a ULID); the SSE `id:` line, what `Last-Event-ID` resumes after. */
  readonly eventId: string;
  readonly tenantId: string;
  readonly type: 'alert.raised' | 'alert.updated';
  readonly data: unknown;
}

/** An entry to append, keyed by the bus event it came from (so a redelivery appends nothing). */
export interface AlertStreamAppend {
  readonly tenantId: string;
  readonly sourceEventId: string;
  readonly type: AlertStreamEntry['type'];
  readonly data: unknown;
}

/** A per-tenant, time-bounded log of alert events. */
export interface AlertStreamLog {
  /** Appends once per (tenant, source event); answers the entry's id, the first one on a redelivery. */
  append(entry: AlertStreamAppend): Promise<{ readonly eventId: string; readonly appended: boolean }>;
  /** The tenant's entries with an id greater than `afterId`, oldest first, at most `limit`. */
  listAfter(tenantId: string, afterId: string, limit: number): Promise<AlertStreamEntry[]>;
}
