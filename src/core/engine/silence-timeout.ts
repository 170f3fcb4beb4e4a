/**
 * The `silence_timeout` slot voice channels read: a collect step's own timeout while it asks,
 * the channel's or the global timeout otherwise.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { Command } from '../commands.ts';
import type { CollectStep } from '../flows.ts';
import { GLOBAL_SILENCE_TIMEOUT_DEFAULT, HELPER_SLOT } from '../patterns/pattern-ids.ts';
import type { Draft } from './draft.ts';
import { initialValueOf } from './slot-values.ts';

function channelName(d: Draft): string | undefined {
  return d.ctx.channel ?? d.live.latest_input_channel ?? undefined;
}

function globalTimeout(d: Draft): number {
  return d.assistant.endpoints.interactionHandling?.globalSilenceTimeout ?? GLOBAL_SILENCE_TIMEOUT_DEFAULT;
}

function setTimeout(d: Draft, seconds: number): void {
  if (!d.assistant.domain.slots[HELPER_SLOT.silenceTimeout]) return;
  if (d.slots[HELPER_SLOT.silenceTimeout] !== seconds) d.emit({ event: 'slot', name: HELPER_SLOT.silenceTimeout, value: seconds });
}

export function globalSilenceTimeoutEvent(d: Draft): void {
  setTimeout(d, globalTimeout(d));
}

export function collectSilenceTimeoutEvent(d: Draft, step: CollectStep): void {
  const channel = channelName(d);
  const own = step.silenceTimeout;
  if (typeof own === 'number') return setTimeout(d, own);
  if (own && channel !== undefined && typeof own[channel] === 'number') return setTimeout(d, own[channel]);
  const config = channelConfig(d, channel)?.options.silence_timeout;
  setTimeout(d, typeof config === 'number' ? config : globalTimeout(d));
}

/** A loop, not `find`: asked on every question, and a closure each time is not needed. */
function channelConfig(d: Draft, name: string | undefined): Assistant['channels'][number] | undefined {
  for (const channel of d.assistant.channels) if (channel.name === name) return channel;
  return undefined;
}

const SILENCE_SLOTS = [HELPER_SLOT.consecutiveSilenceTimeouts, HELPER_SLOT.silenceTimeout] as const;

/**
 * Any user message that is not a silence timeout resets `consecutive_silence_timeouts` and the
 * `silence_timeout` slot to their initial values, so the next silence starts the pattern over (Rasa's processor).
 */
export function resetSilenceSlots(d: Draft, commands: readonly Command[]): void {
  for (const c of commands) if (c.command === 'user silence') return;
  for (const name of SILENCE_SLOTS) {
    if (!d.assistant.domain.slots[name]) continue;
    const initial = initialValueOf(d.assistant.domain, name);
    if (d.slots[name] !== initial) d.emit({ event: 'slot', name, value: initial });
  }
}
