/**
 * The latencies a voice channel records on each spoken bot message (`metadata.latency` of its bot
 * event), read back by operations tooling (metrics, tracing) and the inspector.
 * @module
 */
import type { Event } from './events.ts';

export interface VoiceLatency {
  /** First interim → final transcript of the user message the turn answers (includes the caller's speaking time). */
  asr_latency_ms?: number;
  /** Final transcript (or silence, DTMF) → this message handed to TTS. */
  processing_latency_ms: number;
  /** Rasa's name for `processing_latency_ms`, for the Rasa inspector and dashboards. */
  rasa_processing_latency_ms: number;
  tts_first_byte_latency_ms?: number;
  tts_complete_latency_ms: number;
  /** processing + TTS first byte: what the caller waits for. */
  response_latency_ms?: number;
}

/** The stages reported, by their key without `_latency_ms` (Rasa's duplicate name left out). */
export const VOICE_LATENCY_STAGES = ['asr', 'processing', 'tts_first_byte', 'tts_complete', 'response'] as const;
export type VoiceLatencyStage = (typeof VOICE_LATENCY_STAGES)[number];

/** The latency stages of a spoken bot message, in ms; undefined for other events. */
export function voiceLatencyOf(event: Event): Partial<Record<VoiceLatencyStage, number>> | undefined {
  if (event.event !== 'bot') return undefined;
  const latency = event.metadata?.latency;
  if (typeof latency !== 'object' || latency === null) return undefined;
  const stages: Partial<Record<VoiceLatencyStage, number>> = {};
  for (const stage of VOICE_LATENCY_STAGES) {
    const ms = (latency as Record<string, unknown>)[`${stage}_latency_ms`];
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) stages[stage] = ms;
  }
  return Object.keys(stages).length > 0 ? stages : undefined;
}
