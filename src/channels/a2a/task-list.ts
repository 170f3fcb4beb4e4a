/**
 * ListTasks over the store (spec §3.1.4): the caller's tasks, filtered, newest status first, with
 * opaque cursors (the last task's status time and id) for paging that stays stable while tasks change.
 * @module
 */
import { A2aError } from './a2a-errors.ts';
import type { TaskListQuery } from './requests.ts';
import type { TaskRecord } from './task-model.ts';

export interface TaskPage {
  readonly tasks: readonly TaskRecord[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
  readonly pageSize: number;
  /** Matching tasks on all pages. */
  readonly totalSize: number;
}

interface Cursor {
  readonly at: number;
  readonly id: string;
}

export function pageOfTasks(all: readonly TaskRecord[], query: TaskListQuery, owner: string | undefined): TaskPage {
  const after = query.pageToken ? readCursor(query.pageToken) : undefined;
  const matching = all
    .filter(
      (t) =>
        t.owner === owner &&
        (query.contextId === undefined || t.contextId === query.contextId) &&
        (query.state === undefined || t.status.state === query.state) &&
        (query.statusTimestampAfter === undefined || Date.parse(t.status.timestamp) >= query.statusTimestampAfter),
    )
    .map((task) => ({ task, at: Date.parse(task.status.timestamp) }))
    .sort((a, b) => b.at - a.at || compareIds(a.task.id, b.task.id));
  const start = after ? matching.findIndex((m) => m.at < after.at || (m.at === after.at && compareIds(m.task.id, after.id) > 0)) : 0;
  const page = start < 0 ? [] : matching.slice(start, start + query.pageSize);
  const last = page.at(-1);
  const more = start >= 0 && start + query.pageSize < matching.length;
  return {
    tasks: page.map((m) => m.task),
    nextPageToken: more && last ? writeCursor({ at: last.at, id: last.task.id }) : '',
    pageSize: query.pageSize,
    totalSize: matching.length,
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function writeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

function readCursor(token: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'number' && typeof id === 'string') return { at, id };
  } catch {
    // reported below
  }
  throw new A2aError('invalid_params', 'pageToken is not a token this agent issued.');
}
