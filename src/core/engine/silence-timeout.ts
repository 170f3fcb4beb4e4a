/**
 * The `silence_timeout` slot voice channels read: a collect step's own timeout while it asks,
 * the channel's or the global timeout otherwise.
 * @module
 */
import type { CollectStep } from '../flows.ts';
import { GLOBAL_SILENCE_TIMEOUT_DEFAULT, HELPER_SLOT } from '../patterns/pattern-ids.ts';
import type { Draft } from './draft.ts';

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
  const config = d.assistant.channels.find((c) => c.name === channel)?.options.silence_timeout;
  setTimeout(d, typeof config === 'number' ? config : globalTimeout(d));
}
