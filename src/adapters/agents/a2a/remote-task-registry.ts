/**
 * Which remote tasks each conversation has open (a turn in flight, or a task waiting for input),
 * so that `cancelBackgroundTasks(senderId)` can stop them.
 * @module
 */
import type { A2aConnection } from './a2a-connection.ts';

export interface RemoteWork {
  readonly agentId: string;
  readonly connection: A2aConnection;
  taskId?: string;
  /** Set while a turn is following the task. */
  abort?: AbortController;
}

export class RemoteTaskRegistry {
  readonly #bySender = new Map<string, Map<string, RemoteWork>>();

  /** The conversation's work with `agentId`, created on first use. */
  open(senderId: string, agentId: string, connection: A2aConnection): RemoteWork {
    let works = this.#bySender.get(senderId);
    if (!works) this.#bySender.set(senderId, (works = new Map()));
    let work = works.get(agentId);
    if (!work || work.connection !== connection) works.set(agentId, (work = { agentId, connection }));
    return work;
  }

  /** Forgets the conversation's work with `agentId` (its task ended). */
  close(senderId: string, agentId: string): void {
    const works = this.#bySender.get(senderId);
    works?.delete(agentId);
    if (works?.size === 0) this.#bySender.delete(senderId);
  }

  /** Removes and returns all work of a conversation (or of every conversation). */
  take(senderId?: string): RemoteWork[] {
    if (senderId !== undefined) {
      const works = [...(this.#bySender.get(senderId)?.values() ?? [])];
      this.#bySender.delete(senderId);
      return works;
    }
    const all = [...this.#bySender.values()].flatMap((m) => [...m.values()]);
    this.#bySender.clear();
    return all;
  }
}
