import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** One event or batch that exhausted its retries. */
export interface DeadLetter {
  /** `event` for bus deliveries, `stream` for DynamoDB stream batches. */
  readonly kind: 'event' | 'stream';
  /** The target function's declared name. */
  readonly functionName: string;
  readonly attempts: number;
  /** The last error's message (never shown to API clients; this is a local operator view). */
  readonly error: string;
  readonly failedAt: string;
  /** The event (or stream batch) as the handler received it. */
  readonly payload: unknown;
}

export interface DeadLetterQueueOptions {
  /** Oldest entries are dropped beyond this. @default 1000 */
  readonly capacity?: number;
  /** Keep entries in this JSON-lines file so they survive a restart; omitted keeps them in memory. */
  readonly file?: string;
}

/**
 * The local twin of the per-rule SQS DLQs and stream on-failure destinations: nothing that fails
 * for good is silently dropped. Read at `GET /dev/dlq`. With a `file`, each entry is appended and
 * fdatasync'd (dead letters are rare, so the synchronous write costs nothing that matters) and the
 * file is loaded at construction; it is rewritten (temp + rename) when it holds twice `capacity`.
 */
export class DeadLetterQueue {
  readonly #entries: DeadLetter[] = [];
  readonly #capacity: number;
  readonly #file: string | undefined;
  #linesInFile = 0;

  constructor(options: DeadLetterQueueOptions = {}) {
    this.#capacity = options.capacity ?? 1000;
    this.#file = options.file;
    if (this.#file) this.#load(this.#file);
  }

  add(entry: DeadLetter): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    if (!this.#file) return;
    if (this.#linesInFile + 1 > 2 * this.#capacity) {
      this.#rewrite(this.#file);
      return;
    }
    const fd = openSync(this.#file, 'a');
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#linesInFile++;
  }

  /** Newest first. */
  list(): DeadLetter[] {
    return [...this.#entries].reverse();
  }

  #load(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        this.#entries.push(JSON.parse(line) as DeadLetter);
        this.#linesInFile++;
      } catch {
        // A torn last line from a crash mid-append: that entry was never acknowledged.
      }
    }
    this.#entries.splice(0, Math.max(0, this.#entries.length - this.#capacity));
  }

  #rewrite(file: string): void {
    const temp = `${file}.tmp`;
    writeFileSync(temp, this.#entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    const fd = openSync(temp, 'r+');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    this.#linesInFile = this.#entries.length;
  }
}
