import { mkdirSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where one consumer stands in one shard. */
export interface ShardCheckpoint {
  /** The last record whose batch the handler finished (or that went to the DLQ); absent: none yet. */
  readonly sequenceNumber?: string;
  /** The shard is closed and every record in it was handled: never read it again. */
  readonly closed?: boolean;
}

/** A consumer's positions on one table's stream, per shard. */
export interface StreamCheckpoints {
  /** The stream the positions belong to; a recreated table has a new stream and starts over. */
  readonly streamArn: string;
  readonly shards: Readonly<Record<string, ShardCheckpoint>>;
}

/**
 * Keeps a (table, consumer function) pair's stream checkpoints, the local twin of an event source
 * mapping's checkpoint. `load` answers undefined when nothing was ever saved: a brand-new consumer.
 */
export interface CheckpointStore {
  load(): Promise<StreamCheckpoints | undefined>;
  save(checkpoints: StreamCheckpoints): Promise<void>;
}

/** Checkpoints that live as long as the process: in-memory stacks and tests. */
export class MemoryCheckpointStore implements CheckpointStore {
  #saved: StreamCheckpoints | undefined;

  async load(): Promise<StreamCheckpoints | undefined> {
    return this.#saved;
  }

  async save(checkpoints: StreamCheckpoints): Promise<void> {
    this.#saved = structuredClone(checkpoints);
  }
}

/**
 * Checkpoints in one small JSON file, replaced atomically (write a temp file, fsync, rename, fsync
 * the directory), so a crash at any instant leaves either the old or the new positions, never a
 * torn file. One file per (table, function): pollers never share a file, so no locking is needed.
 */
export class FileCheckpointStore implements CheckpointStore {
  /** The file this store reads and replaces. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The store of `functionName`'s checkpoints on `tableName`'s stream under `dir`. */
  static in(dir: string, tableName: string, functionName: string): FileCheckpointStore {
    const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
    return new FileCheckpointStore(join(dir, `${safe(tableName)}--${safe(functionName)}.json`));
  }

  async load(): Promise<StreamCheckpoints | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as StreamCheckpoints;
    if (typeof parsed.streamArn !== 'string' || typeof parsed.shards !== 'object' || parsed.shards === null) {
      throw new Error(`${this.path} is not a stream checkpoint file`);
    }
    return parsed;
  }

  async save(checkpoints: StreamCheckpoints): Promise<void> {
    const directory = dirname(this.path);
    mkdirSync(directory, { recursive: true });
    const temp = `${this.path}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(`${JSON.stringify(checkpoints)}\n`);
      // Without the fsync a power loss after the rename could leave an empty file under the name.
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
    // The rename itself is only durable once the directory entry is.
    const dir = await open(directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
