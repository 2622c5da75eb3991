import {
  closeSync,
  fdatasync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  write,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EventBridgeEvent } from 'aws-lambda';

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

/** An accepted event and the targets that have not finished with it yet. */
export interface PendingEvent {
  readonly event: EventBridgeEvent<string, unknown>;
  /** Target keys still owed a delivery. */
  readonly targets: Set<string>;
  /** When the bus accepted it (epoch ms): the retry policy's maximum event age counts from here. */
  readonly acceptedAt: number;
}

export interface EventJournalOptions {
  /** Rewrite when everything is settled and the file is at least this big. @default 64 KiB */
  readonly settledCompactBytes?: number;
  /** Rewrite, even with work pending, when the file passes this (and twice its last compacted size). @default 8 MiB */
  readonly maxBytes?: number;
}

interface QueuedWrite {
  readonly line: string;
  readonly durable: boolean;
  /** Runs once the line is on disk, before any compaction can look at the pending set. */
  readonly written?: () => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

type Line =
  | { readonly accepted: EventBridgeEvent<string, unknown>; readonly targets: readonly string[]; readonly at: number }
  | { readonly settled: string; readonly target: string };

/**
 * The in-process bus's write-ahead journal, so an accepted event survives a crash as it does in
 * EventBridge. One JSON line per accepted event (with its matched targets) is appended and
 * fdatasync'd before PutEvents resolves; one line per (event, target) that completed or was
 * dead-lettered is appended without an fsync (losing it only means one more delivery). Opening
 * reads the file, keeps the unsettled pairs and rewrites the file with only those (temp + rename);
 * while running the file is rewritten the same way once everything in it is settled, so it stays
 * small. Writes are queued and group-committed: concurrent publishes share one fdatasync.
 */
export class EventJournal {
  readonly #path: string;
  readonly #pending = new Map<string, PendingEvent>();
  readonly #settledCompactBytes: number;
  readonly #maxBytes: number;
  #fd: number;
  #bytes = 0;
  #bytesAfterCompaction = 0;
  #queue: QueuedWrite[] = [];
  #flushing: Promise<void> | undefined;
  readonly #recovered: PendingEvent[];
  /** Lines that could not be parsed when opening: a torn last write of a crashed process. */
  readonly skippedLines: number;

  /** Opens (creating) `dir/events.jsonl`, recovering its unsettled deliveries. Synchronous: start-up only. */
  constructor(dir: string, options: EventJournalOptions = {}) {
    mkdirSync(dir, { recursive: true });
    this.#path = join(dir, 'events.jsonl');
    this.#settledCompactBytes = options.settledCompactBytes ?? 64 * 1024;
    this.#maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
    let skipped = 0;
    let text = '';
    try {
      text = readFileSync(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        skipped++;
        continue;
      }
      if ('accepted' in line) {
        const known = this.#pending.get(line.accepted.id);
        if (known) for (const target of line.targets) known.targets.add(target);
        else
          this.#pending.set(line.accepted.id, {
            event: line.accepted,
            targets: new Set(line.targets),
            acceptedAt: line.at,
          });
      } else {
        const entry = this.#pending.get(line.settled);
        entry?.targets.delete(line.target);
        if (entry?.targets.size === 0) this.#pending.delete(line.settled);
      }
    }
    this.skippedLines = skipped;
    this.#recovered = [...this.#pending.values()];
    this.#fd = this.#rewrite();
  }

  /** The deliveries accepted before the last stop or crash and not settled since; replay them. */
  recovered(): readonly PendingEvent[] {
    return this.#recovered;
  }

  /** (event, target) pairs accepted and not yet settled. */
  get pendingDeliveries(): number {
    let count = 0;
    for (const entry of this.#pending.values()) count += entry.targets.size;
    return count;
  }

  /** Durably records accepted events with their matched targets; resolves once fdatasync'd. */
  async accept(
    entries: readonly { event: EventBridgeEvent<string, unknown>; targets: readonly string[] }[],
  ): Promise<void> {
    const now = Date.now();
    const owed = entries.filter((entry) => entry.targets.length > 0);
    if (owed.length === 0) return;
    const text = owed
      .map((entry) => JSON.stringify({ accepted: entry.event, targets: entry.targets, at: now }))
      .join('\n');
    // Registered only once on disk, so a compaction never writes an event whose append is still
    // queued (it would then be in the file twice) nor drops one that was just written.
    await this.#append(`${text}\n`, true, () => {
      for (const entry of owed) {
        this.#pending.set(entry.event.id, { event: entry.event, targets: new Set(entry.targets), acceptedAt: now });
      }
    });
  }

  /** Records that `target` is done with `eventId` (delivered or dead-lettered). Not fsync'd: a loss replays once more. */
  settle(eventId: string, target: string): Promise<void> {
    const entry = this.#pending.get(eventId);
    entry?.targets.delete(target);
    if (entry?.targets.size === 0) this.#pending.delete(eventId);
    return this.#append(`${JSON.stringify({ settled: eventId, target })}\n`, false);
  }

  /** Waits for queued writes, then closes the file. The journal is unusable afterwards. */
  async close(): Promise<void> {
    await this.#flushing;
    closeSync(this.#fd);
  }

  #append(line: string, durable: boolean, written?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ line, durable, resolve, reject, ...(written ? { written } : {}) });
      this.#flushing ??= this.#flush().finally(() => {
        this.#flushing = undefined;
      });
    });
  }

  /** One writer: drains the queue in batches, one write and at most one fdatasync per batch. */
  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const buffer = Buffer.from(batch.map((item) => item.line).join(''));
      try {
        await writeAsync(this.#fd, buffer);
        if (batch.some((item) => item.durable)) await fdatasyncAsync(this.#fd);
        this.#bytes += buffer.length;
        for (const item of batch) item.written?.();
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
      const settled = this.#pending.size === 0 && this.#bytes >= this.#settledCompactBytes;
      const oversized = this.#bytes >= Math.max(this.#maxBytes, 2 * this.#bytesAfterCompaction);
      if (settled || oversized) {
        try {
          const old = this.#fd;
          this.#fd = this.#rewrite();
          closeSync(old);
        } catch {
          // Keep appending to the old file; the next start compacts it.
        }
      }
    }
  }

  /** Replaces the file with the pending events only (temp + fsync + rename + directory fsync); returns the new fd. */
  #rewrite(): number {
    const lines = [...this.#pending.values()].map((entry) =>
      JSON.stringify({ accepted: entry.event, targets: [...entry.targets], at: entry.acceptedAt }),
    );
    const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    const temp = `${this.#path}.tmp`;
    writeFileSync(temp, text);
    const tempFd = openSync(temp, 'r+');
    try {
      fsyncSync(tempFd);
    } finally {
      closeSync(tempFd);
    }
    renameSync(temp, this.#path);
    const dirFd = openSync(join(this.#path, '..'), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.#bytes = Buffer.byteLength(text);
    this.#bytesAfterCompaction = this.#bytes;
    return openSync(this.#path, 'a');
  }
}
