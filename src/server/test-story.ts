/**
 * A conversation as a Rasa YAML test story (`GET /conversations/{id}/story`): user messages with
 * their intent, the actions that ran, slots that were set and active loops, in order.
 * @module
 */
import { Document, Scalar } from 'yaml';
import type { Event } from '../core/events.ts';
import type { ConversationState } from '../core/state.ts';

export interface StoryOptions {
  /** One story per session (`all_sessions=true`); otherwise the whole conversation is one story. */
  readonly allSessions: boolean;
  /** Only events up to this timestamp (seconds), as Rasa's `until`. */
  readonly until?: number;
}

/** Rasa's training-data format version of the written file. */
const STORY_FORMAT_VERSION = '3.1';

export function testStoryYaml(state: ConversationState, options: StoryOptions): string {
  const events = options.until === undefined ? state.events : state.events.filter((e) => e.timestamp <= options.until!);
  const sessions = (options.allSessions ? splitSessions(events) : [events]).filter((session) => session.length > 0);
  const stories = sessions.map((session, i) => ({
    story: sessions.length > 1 ? `${state.sender_id}, story ${i + 1}` : state.sender_id,
    steps: storySteps(session),
  }));
  return new Document({ version: STORY_FORMAT_VERSION, stories }).toString({ lineWidth: 0 });
}

/** A session begins with `action_session_start`, or with a `session_started` that no such action precedes (appended events). */
function splitSessions(events: readonly Event[]): Event[][] {
  const sessions: Event[][] = [[]];
  for (const [i, event] of events.entries()) {
    const starts = isSessionAction(event) || (event.event === 'session_started' && !isSessionAction(events[i - 1]));
    if (starts && sessions.at(-1)!.length > 0) sessions.push([]);
    sessions.at(-1)!.push(event);
  }
  return sessions;
}

function isSessionAction(event: Event | undefined): boolean {
  return event?.event === 'action' && event.name === 'action_session_start';
}

type Step = Record<string, unknown>;

function storySteps(events: readonly Event[]): Step[] {
  const steps: Step[] = [];
  for (const event of events) {
    switch (event.event) {
      case 'user': {
        if (event.text === null) break;
        const user = new Scalar(event.text);
        user.type = Scalar.BLOCK_LITERAL;
        steps.push({ ...(event.parse_data.intent ? { intent: event.parse_data.intent.name } : {}), user });
        break;
      }
      case 'action':
        // Listening is implicit between a story's steps.
        if (event.name !== 'action_listen') steps.push({ action: event.name });
        break;
      case 'slot': {
        const previous = steps.at(-1);
        const slot = { [event.name]: event.value };
        if (previous && Array.isArray(previous.slot_was_set)) previous.slot_was_set.push(slot);
        else steps.push({ slot_was_set: [slot] });
        break;
      }
      case 'active_loop':
        steps.push({ active_loop: event.name });
        break;
      default:
        break;
    }
  }
  return steps;
}
