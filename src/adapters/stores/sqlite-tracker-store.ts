/**
 * The embedded default tracker store: one SQLite file with a row per conversation (its packed head)
 * and a row per chunk of its event log (see event-log). A save runs in one immediate transaction, so
 * processes sharing the file never see half of one, and resolves once the WAL holding it is synced
 * (sqlite-wal-sync), so a save that has returned survives `kill -9` and power loss.
 * @module
 */
import type Database from 'better-sqlite3';
import { type EventLogBackend, EventLogTrackerStore, type ConversationWrite, type StoredConversation } from './event-log.ts';
import { type DurableSqlite, openDurableSqlite } from './sqlite-connection.ts';
import { packedJson } from './state-codec.ts';

/** A tracker store in the SQLite file `file` (its folder is created when missing). */
export function openSqliteTrackerStore(file: string): EventLogTrackerStore<Buffer> {
  return new EventLogTrackerStore(new SqliteEventLog(openDurableSqlite(file)), packedJson);
}

class SqliteEventLog implements EventLogBackend<Buffer> {
  private readonly statements;
  private readonly readAll: (senderId: string, fromIndex: number) => StoredConversation<Buffer> | undefined;
  private readonly writeAll: Database.Transaction<(senderId: string, plan: (previousHead: Buffer | undefined) => ConversationWrite<Buffer>) => void>;

  constructor(private readonly connection: DurableSqlite) {
    const db = connection.db;
    db.exec(`CREATE TABLE IF NOT EXISTS conversations (sender_id TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS conversation_events (sender_id TEXT NOT NULL, first_index INTEGER NOT NULL, events BLOB NOT NULL, PRIMARY KEY (sender_id, first_index)) WITHOUT ROWID`);
    const statements = {
      head: db.prepare<[string], { state: Buffer }>('SELECT state FROM conversations WHERE sender_id = ?'),
      chunks: db.prepare<[string, number], { events: Buffer }>('SELECT events FROM conversation_events WHERE sender_id = ? AND first_index >= ? ORDER BY first_index'),
      saveHead: db.prepare<[string, Buffer, number]>(
        'INSERT INTO conversations (sender_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (sender_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      ),
      saveChunk: db.prepare<[string, number, Buffer]>(
        'INSERT INTO conversation_events (sender_id, first_index, events) VALUES (?, ?, ?) ON CONFLICT (sender_id, first_index) DO UPDATE SET events = excluded.events',
      ),
      deleteChunks: db.prepare<[string]>('DELETE FROM conversation_events WHERE sender_id = ?'),
      deleteHead: db.prepare<[string]>('DELETE FROM conversations WHERE sender_id = ?'),
      keys: db.prepare<[], { sender_id: string }>('SELECT sender_id FROM conversations'),
    };
    this.statements = statements;
    // A read transaction: one snapshot of head and chunks even while another process writes.
    this.readAll = db.transaction((senderId: string, fromIndex: number) => {
      const head = statements.head.get(senderId);
      return head === undefined ? undefined : { head: head.state, chunks: statements.chunks.all(senderId, fromIndex).map((row) => row.events) };
    });
    this.writeAll = db.transaction((senderId, plan) => {
      const write = plan(statements.head.get(senderId)?.state);
      statements.saveHead.run(senderId, write.head, Date.now());
      if (write.replaceChunks) statements.deleteChunks.run(senderId);
      for (const chunk of write.chunks) statements.saveChunk.run(senderId, chunk.first, chunk.data);
    });
  }

  async read(senderId: string, fromIndex: number): Promise<StoredConversation<Buffer> | undefined> {
    return this.readAll(senderId, fromIndex);
  }

  async write(senderId: string, plan: (previousHead: Buffer | undefined) => ConversationWrite<Buffer>): Promise<void> {
    // IMMEDIATE takes the write lock before reading the head, so two writers cannot both plan from it.
    this.writeAll.immediate(senderId, plan);
    await this.connection.synced();
  }

  async delete(senderId: string): Promise<void> {
    this.connection.db.transaction(() => {
      this.statements.deleteChunks.run(senderId);
      this.statements.deleteHead.run(senderId);
    })();
    await this.connection.synced();
  }

  async keys(): Promise<string[]> {
    return this.statements.keys.all().map((row) => row.sender_id);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
