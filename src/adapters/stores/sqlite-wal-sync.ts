/**
 * Group commit for the SQLite stores whose writes must survive power loss. With `synchronous=FULL`
 * every commit fsyncs the WAL inside better-sqlite3's synchronous call, so the event loop, and every
 * other turn of the process, waits for the disk once per write. These connections commit with
 * `synchronous=NORMAL` instead (the commit only appends to the WAL) and acknowledge a write after
 * `synced()`: an fdatasync of the WAL file on libuv's thread pool that started after the commit.
 * A WAL holding a commit's frames on disk is what FULL waits for, so an acknowledged write is as
 * durable as before; meanwhile the loop keeps serving, and one fdatasync acknowledges every commit
 * made while the previous one ran. Other connections may read a commit before its fdatasync ends
 * (as under NORMAL); a conversation's next turn still cannot, its lock being held until the save is
 * acknowledged.
 * @module
 */
import { type FileHandle, open } from 'node:fs/promises';

export class WalSync {
  private running: Promise<void> | undefined;
  /** The next fdatasync, for callers that came while one was running: it starts when that one ends. */
  private queued: Promise<void> | undefined;
  /** After a failed fdatasync the kernel may have dropped the dirty pages: nothing written since can be acknowledged. */
  private failure: Error | undefined;

  constructor(private readonly datasync: () => Promise<void>) {}

  /** Resolves once everything written to the file before the call is on disk. */
  synced(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.queued !== undefined) return this.queued;
    if (this.running === undefined) return this.start();
    const queued = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    this.queued = queued;
    return queued;
  }

  /** Waits for the fdatasyncs asked for so far. */
  async drain(): Promise<void> {
    await Promise.allSettled([this.running, this.queued]);
  }

  private start(): Promise<void> {
    this.queued = undefined;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const run = this.datasync().then(
      () => {
        this.running = undefined;
      },
      (error: unknown) => {
        this.failure = new Error(`fdatasync of the SQLite WAL failed; writes since the last sync may be lost, restart the process: ${(error as Error).message}`, {
          cause: error,
        });
        throw this.failure;
      },
    );
    this.running = run;
    return run;
  }
}

/** fdatasync of a WAL file, opened on first use (SQLite creates it with the first write). */
export function walDatasync(walFile: string): { datasync: () => Promise<void>; close: () => Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  return {
    datasync: async () => {
      handle ??= open(walFile, 'r+');
      await (await handle).datasync();
    },
    close: async () => {
      await (await handle)?.close();
    },
  };
}
