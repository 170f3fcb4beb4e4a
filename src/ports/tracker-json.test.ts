import { describe, expect, it } from 'vitest';
import type { Event } from '../core/events.ts';
import { eventsForVerbosity } from './tracker-json.ts';

const user = (text: string): Event => ({ event: 'user', timestamp: 0, text, parse_data: { commands: [] } });
const action = (name: string): Event => ({ event: 'action', timestamp: 0, name });
const bot = (text: string): Event => ({ event: 'bot', timestamp: 0, text, data: {} });
const names = (events: readonly Event[] | null) => events?.map((e) => ('text' in e ? e.text : 'name' in e ? e.name : e.event));

describe('eventsForVerbosity', () => {
  const events: Event[] = [
    action('action_listen'),
    user('one'),
    { event: 'restart', timestamp: 0 },
    action('action_listen'),
    user('two'),
    bot('reply'),
    action('action_x'),
    { event: 'undo', timestamp: 0 },
    action('action_listen'),
    user('three'),
    { event: 'rewind', timestamp: 0 },
  ];

  it('ALL keeps everything and NONE gives null', () => {
    expect(eventsForVerbosity(events, 'ALL')).toBe(events);
    expect(eventsForVerbosity(events, 'NONE')).toBeNull();
  });

  it('AFTER_RESTART drops what came before the latest restart', () => {
    expect(names(eventsForVerbosity(events, 'AFTER_RESTART'))).toEqual(['action_listen', 'two', 'reply', 'action_x', 'undo', 'action_listen', 'three', 'rewind']);
  });

  it('APPLIED undoes the latest action on undo and the latest user turn on rewind', () => {
    expect(names(eventsForVerbosity(events, 'APPLIED'))).toEqual(['action_listen', 'two', 'reply']);
  });

  it('APPLIED starts over at a session start', () => {
    expect(names(eventsForVerbosity([user('old'), { event: 'session_started', timestamp: 0 }, user('new')], 'APPLIED'))).toEqual(['new']);
  });
});
