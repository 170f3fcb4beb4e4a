/**
 * One phone or browser call, whatever its wire protocol: caller audio → ASR → user turns through the
 * runtime → bot messages → TTS → audio frames and markers back; barge-in, silence timeouts, DTMF,
 * hang-up and per-message latency (Rasa's voice_stream `VoiceInputChannel`/`VoiceOutputChannel`).
 * @module
 */
import type { Logger } from 'pino';
import type { BotMessage } from '../../core/events.ts';
import type { VoiceLatency } from '../../core/voice-latency.ts';
import type { AsrEngine, AsrEvent, AsrStream, AudioFormat, TtsEngine } from '../../ports/speech.ts';
import type { ConversationRuntime, DeliveredMessage, TurnResult } from '../../runtime/processor-api.ts';
import { bytesForMs, createAudioConverter, durationMs, type AudioConverter } from './audio/audio-converter.ts';
import { AudioFramer } from './audio/audio-framer.ts';
import { VoiceFrameError, type CallEvent, type OutboundFrame, type VoiceProtocol } from './voice-protocol.ts';

/** Bot messages of this flow are the questions of collect steps: callers may answer while they play. */
const COLLECT_PATTERN = 'pattern_collect_information';
const FRAME_MS = 20;
/** Markers the far end has not echoed yet are forgotten beyond this (a client that never echoes). */
const MAX_PENDING_MARKERS = 1000;
const MAX_DTMF_DIGITS = 32;
const DEFAULT_AUDIO_MS_PER_SECOND = 1500;
/** Seconds of the audio rate a caller may send at once (network jitter delivers frames in bursts). */
const AUDIO_BURST_SECONDS = 3;

export interface CallSessionOptions {
  readonly runtime: ConversationRuntime;
  readonly protocol: VoiceProtocol;
  readonly asr: AsrEngine;
  /** Engines come with their `cache_size` cache (src/adapters/speech): a cache hit is just a fast synthesis. */
  readonly tts: TtsEngine;
  readonly interruptions: { readonly enabled: boolean; readonly min_words: number };
  /** Seconds of silence before `/silence_timeout` when the conversation has no `silence_timeout` slot. */
  readonly silenceTimeoutSeconds: number;
  /** Sends one frame; must not throw once the socket is gone. */
  readonly send: (frame: OutboundFrame) => void;
  /** Ends the call from our side (hang-up, failed ASR): closes the socket, which then calls `close()`. */
  readonly hangup: (reason: string) => void;
  readonly logger: Logger;
  /** Milliseconds, monotonic; default `performance.now`. */
  readonly now?: () => number;
  /** A DTMF entry ends with `#` or after this pause (ms). Default 2000. */
  readonly dtmfGapMs?: number;
  /** Caller audio accepted per second of wall time (ms of audio); more is dropped. Default 1500. */
  readonly maxAudioMsPerSecond?: number;
}


interface Utterance {
  readonly collect: boolean;
  readonly interruptible: boolean;
}

interface Marker {
  readonly kind: 'start' | 'mid' | 'end';
  readonly utterance: Utterance;
}

interface Turn {
  readonly startedAt: number;
  readonly asrLatencyMs?: number;
  /** Set on barge-in: the rest of this turn's messages are not spoken (they stay in the tracker). */
  muted: boolean;
  spoke: boolean;
  /** The end marker of each message of the turn, in order (undefined: not spoken). */
  readonly endMarkers: (string | undefined)[];
}

/** Words of an ASR text as Rasa counts them for barge-in: punctuation removed, split on whitespace. */
export function countWords(text: string): number {
  return text
    .replace(/\p{P}/gu, '')
    .split(/\s+/)
    .filter((w) => w.length > 0).length;
}

export class CallSession {
  readonly #o: CallSessionOptions;
  readonly #now: () => number;
  readonly #log: Logger;
  #conversationId: string | undefined;
  #metadata: Readonly<Record<string, unknown>> = {};
  #format: AudioFormat | undefined;
  #asr: AsrStream | undefined;
  #in: AudioConverter | undefined;
  #out: AudioConverter | undefined;
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  #turns: Promise<void> = Promise.resolve();
  #turnsQueued = 0;
  #turn: Turn | undefined;

  #markerSeq = 0;
  readonly #pending = new Map<string, Marker>();
  /** Utterances whose audio was sent and whose end marker has not come back. */
  readonly #inFlight = new Set<Utterance>();
  /** The utterance being played (its start marker came back, its end marker not yet). */
  #playing: Utterance | undefined;
  #latestEndMarker: string | undefined;
  #tts: AbortController | undefined;
  #shouldHangup = false;
  /** With `#shouldHangup`: the call closes once this end marker comes back (the message before `action_hangup`). */
  #hangupMarker: string | undefined;

  #userSpeaking = false;
  #speechStartedAt: number | undefined;
  #silenceSeconds: number;
  #silenceTimer: NodeJS.Timeout | undefined;
  #dtmf = '';
  #dtmfTimer: NodeJS.Timeout | undefined;
  #audioBudgetMs = 0;
  #budgetAt = 0;
  #droppedAudioFrames = 0;

  constructor(options: CallSessionOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
    this.#log = options.logger.child({ channel: options.protocol.channel });
    this.#silenceSeconds = options.silenceTimeoutSeconds;
  }

  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  /** Runs the events of the connection itself (browser audio starts the call on connect). */
  open(): void {
    for (const event of this.#o.protocol.open?.() ?? []) this.#onEvent(event);
  }

  /** One WebSocket message. Malformed frames are logged and skipped; the call goes on. */
  receive(data: Uint8Array | string, isBinary: boolean): void {
    if (this.#closing) return;
    let events: readonly CallEvent[];
    try {
      events = this.#o.protocol.decode(data, isBinary);
    } catch (error) {
      if (!(error instanceof VoiceFrameError)) throw error;
      this.#log.warn({ conversation: this.#conversationId, reason: error.message }, 'voice frame refused');
      return;
    }
    for (const event of events) this.#onEvent(event);
  }

  /**
   * Ends the call (caller hung up, socket closed): `/session_end` is recorded, ASR and TTS are
   * released and every timer is cleared. Idempotent; never throws.
   */
  close(reason: string): Promise<void> {
    this.#closing ??= this.#shutdown(reason);
    return this.#closing;
  }

  async #shutdown(reason: string): Promise<void> {
    this.#log.info({ conversation: this.#conversationId, reason }, 'voice call ended');
    this.#cancelSilence();
    clearTimeout(this.#dtmfTimer);
    this.#dtmfTimer = undefined;
    this.#tts?.abort();
    if (this.#turn) this.#turn.muted = true;
    try {
      await this.#starting;
    } catch {
      // Already logged where the start failed.
    }
    if (this.#conversationId !== undefined) this.#enqueue('/session_end', undefined, true);
    await this.#turns;
    await this.#asr?.close().catch((error: unknown) => this.#log.warn({ reason: (error as Error).message }, 'closing the ASR stream failed'));
    this.#in?.close();
    this.#out?.close();
    this.#pending.clear();
    this.#inFlight.clear();
  }

  #onEvent(event: CallEvent): void {
    switch (event.type) {
      case 'start':
        if (this.#starting) return this.#log.warn({ conversation: this.#conversationId }, 'second call start on one socket ignored');
        this.#starting = this.#start(event.conversationId, event.metadata).catch((error: unknown) => {
          this.#log.error({ err: error, conversation: event.conversationId }, 'voice call could not start');
          this.#o.hangup('call start failed');
        });
        return;
      case 'audio':
        return this.#onAudio(event.audio);
      case 'marker':
        return this.#onMarker(event.name);
      case 'dtmf':
        return this.#onDtmf(event.digit);
      case 'stop':
        void this.close('call stopped');
        return;
      case 'ignored':
        this.#log.debug({ conversation: this.#conversationId, reason: event.reason }, 'voice frame ignored');
        return;
    }
  }

  async #start(conversationId: string, metadata: Readonly<Record<string, unknown>>): Promise<void> {
    this.#conversationId = conversationId;
    this.#metadata = metadata;
    this.#format = this.#o.protocol.audioFormat();
    this.#in = await createAudioConverter(this.#format, this.#o.asr.inputFormat);
    this.#out = await createAudioConverter(this.#o.tts.outputFormat, this.#format);
    const stream = await this.#o.asr.open({
      onEvent: (event) => this.#onAsr(event),
      onError: (error) => {
        this.#log.error({ conversation: conversationId, reason: error.message }, 'ASR stream failed; ending the call');
        this.#o.hangup('ASR failed');
      },
    });
    if (this.#closing) {
      await stream.close();
      return;
    }
    this.#asr = stream;
    this.#budgetAt = this.#now();
    this.#audioBudgetMs = AUDIO_BURST_SECONDS * (this.#o.maxAudioMsPerSecond ?? DEFAULT_AUDIO_MS_PER_SECOND);
    this.#log.info({ conversation: conversationId, metadata }, 'voice call started');
    this.#enqueue('/session_start');
  }

  #onAudio(audio: Uint8Array): void {
    if (!this.#asr || !this.#in || !this.#format) return;
    // A token bucket of audio time: a client streaming faster than real time is cut off, not buffered.
    const now = this.#now();
    const rate = (this.#o.maxAudioMsPerSecond ?? DEFAULT_AUDIO_MS_PER_SECOND) / 1000;
    this.#audioBudgetMs = Math.min(AUDIO_BURST_SECONDS * rate * 1000, this.#audioBudgetMs + (now - this.#budgetAt) * rate);
    this.#budgetAt = now;
    const ms = durationMs(this.#format, audio.length);
    if (ms > this.#audioBudgetMs) {
      if (this.#droppedAudioFrames++ % 100 === 0) this.#log.warn({ conversation: this.#conversationId, dropped: this.#droppedAudioFrames }, 'caller audio faster than real time dropped');
      return;
    }
    this.#audioBudgetMs -= ms;
    this.#asr.send(this.#in.convert(audio));
  }

  #onAsr(event: AsrEvent): void {
    if (this.#closing) return;
    switch (event.type) {
      case 'interim': {
        this.#cancelSilence();
        if (!this.#userSpeaking) {
          this.#userSpeaking = true;
          this.#speechStartedAt = this.#now();
        }
        if (this.#shouldInterrupt(event.text)) this.#interrupt(event.text);
        return;
      }
      case 'final':
        return this.#onFinal(event.text.trim());
      case 'silence':
        // The engine heard the caller stop; the silence *timeout* is ours (it starts when the bot stops).
        this.#userSpeaking = false;
        return;
    }
  }

  #onFinal(text: string): void {
    if (text.length === 0) return;
    const finalAt = this.#now();
    const asrLatencyMs = this.#speechStartedAt === undefined ? undefined : finalAt - this.#speechStartedAt;
    this.#userSpeaking = false;
    this.#speechStartedAt = undefined;
    this.#cancelSilence();
    if (this.#shouldHangup) return this.#log.info({ conversation: this.#conversationId, transcript: text }, 'caller speech after hang-up ignored');
    if (this.#o.interruptions.enabled && this.#inFlight.size > 0 && this.#interruptible()) {
      if (countWords(text) < this.#o.interruptions.min_words) {
        this.#log.debug({ conversation: this.#conversationId, transcript: text }, 'backchannel while the bot speaks ignored');
        return;
      }
      this.#interrupt(text);
    }
    // Rasa's `can_queue_user_message`: what the caller says over a statement (not a question) is not a turn.
    if (this.#playing && !this.#playing.collect) {
      this.#log.info({ conversation: this.#conversationId, transcript: text }, 'caller speech during a bot statement ignored');
      return;
    }
    this.#enqueue(text, { startedAt: finalAt, ...(asrLatencyMs !== undefined ? { asrLatencyMs } : {}) });
  }

  #interruptible(): boolean {
    for (const u of this.#inFlight) if (!u.interruptible) return false;
    return true;
  }

  #shouldInterrupt(text: string): boolean {
    return this.#o.interruptions.enabled && this.#inFlight.size > 0 && this.#interruptible() && countWords(text) >= this.#o.interruptions.min_words;
  }

  /** Barge-in: stop synthesis, drop queued playback, forget the markers; the caller's words become the next turn. */
  #interrupt(text: string): void {
    this.#log.info({ conversation: this.#conversationId, transcript: text }, 'barge-in: bot playback interrupted');
    this.#cancelSilence();
    this.#tts?.abort();
    if (this.#turn) this.#turn.muted = true;
    this.#sendAll(this.#o.protocol.clear());
    this.#pending.clear();
    this.#inFlight.clear();
    this.#playing = undefined;
  }

  #onMarker(name: string): void {
    const marker = this.#pending.get(name);
    if (!marker) return this.#log.debug({ conversation: this.#conversationId, marker: name }, 'unknown marker echo ignored');
    this.#pending.delete(name);
    if (marker.kind === 'start') this.#playing = marker.utterance;
    if (marker.kind !== 'end') return;
    if (this.#playing === marker.utterance) this.#playing = undefined;
    this.#inFlight.delete(marker.utterance);
    if (this.#shouldHangup && name === this.#hangupMarker) return this.#o.hangup('hang-up after the final bot message');
    if (name === this.#latestEndMarker) this.#botStoppedSpeaking();
  }

  /** The last bot audio has played: hang up if asked to, else start listening for silence. */
  #botStoppedSpeaking(): void {
    if (this.#closing || this.#turnsQueued > 0 || this.#inFlight.size > 0) return;
    if (this.#shouldHangup) return this.#o.hangup('hang-up after the final bot message');
    if (this.#userSpeaking || !(this.#silenceSeconds > 0)) return;
    this.#cancelSilence();
    this.#silenceTimer = setTimeout(() => {
      this.#silenceTimer = undefined;
      this.#enqueue('/silence_timeout');
    }, this.#silenceSeconds * 1000);
  }

  #cancelSilence(): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = undefined;
  }

  #onDtmf(digit: string): void {
    if (!this.#conversationId || this.#shouldHangup) return;
    clearTimeout(this.#dtmfTimer);
    this.#dtmfTimer = undefined;
    this.#cancelSilence();
    if (digit !== '#') this.#dtmf = (this.#dtmf + digit).slice(0, MAX_DTMF_DIGITS);
    const submit = () => {
      this.#dtmfTimer = undefined;
      const digits = this.#dtmf;
      this.#dtmf = '';
      if (digits.length > 0) this.#enqueue(digits);
    };
    if (digit === '#') submit();
    else this.#dtmfTimer = setTimeout(submit, this.#o.dtmfGapMs ?? 2000);
  }

  /** Queues a turn; turns of one call run one after the other. `/session_end` still runs while closing. */
  #enqueue(text: string, timing?: { readonly startedAt: number; readonly asrLatencyMs?: number }, final = false): void {
    const senderId = this.#conversationId;
    if (senderId === undefined || (this.#closing && !final)) return;
    this.#turnsQueued++;
    const run = async () => {
      const turn: Turn = { startedAt: timing?.startedAt ?? this.#now(), muted: final, spoke: false, endMarkers: [], ...(timing?.asrLatencyMs !== undefined ? { asrLatencyMs: timing.asrLatencyMs } : {}) };
      this.#turn = turn;
      let result: TurnResult | undefined;
      try {
        result = await this.#o.runtime.handleMessage(
          { senderId, text, channel: this.#o.protocol.channel, metadata: this.#metadata },
          { send: (message, eventMetadata) => this.#speak(turn, message, eventMetadata) },
        );
      } catch (error) {
        this.#log.warn({ err: error, conversation: senderId, text }, 'voice turn failed');
      } finally {
        this.#turnsQueued--;
        this.#turn = undefined;
      }
      if (result) this.#afterTurn(result, turn);
    };
    this.#turns = this.#turns.then(run);
  }

  #afterTurn(result: TurnResult, turn: Turn): void {
    const slot = result.state.slots['silence_timeout'];
    if (typeof slot === 'number') this.#silenceSeconds = slot;
    // Rasa closes the call when the message before `action_hangup` has played; later ones (a re-asked question) are cut.
    const events = result.state.events;
    let bots = 0;
    for (let i = result.firstEventIndex; i < events.length && !this.#shouldHangup; i++) {
      const e = events[i]!;
      if (e.event === 'bot') bots++;
      else if (e.event === 'session_ended' && e.reason === 'hangup') {
        this.#shouldHangup = true;
        this.#hangupMarker = turn.endMarkers.slice(0, bots).findLast((m) => m !== undefined);
      }
    }
    if (this.#shouldHangup && this.#hangupMarker !== undefined && !this.#pending.has(this.#hangupMarker)) return this.#o.hangup('hang-up after the final bot message');
    if (this.#closing || this.#turnsQueued > 0) return;
    // Nothing left to play: hang up now, or start the silence timer if this turn spoke and all of it has played.
    if (this.#inFlight.size === 0 && (this.#shouldHangup || turn.spoke)) this.#botStoppedSpeaking();
  }

  /** Speaks one bot message: TTS in the channel's format, 20 ms frames, start/per-second/end markers. */
  async #speak(turn: Turn, message: BotMessage, eventMetadata?: Readonly<Record<string, unknown>>): Promise<DeliveredMessage | undefined> {
    const text = message.text?.trim();
    const index = turn.endMarkers.push(undefined) - 1;
    if (!text || turn.muted || this.#closing || !this.#out || !this.#format) return undefined;
    const processingMs = this.#now() - turn.startedAt;
    this.#cancelSilence();
    turn.spoke = true;
    const utterance: Utterance = { collect: eventMetadata?.['active_flow'] === COLLECT_PATTERN, interruptible: message.allow_interruptions !== false };
    this.#inFlight.add(utterance);
    const abort = new AbortController();
    this.#tts = abort;
    this.#sendMarker('start', utterance);

    const ttsStart = this.#now();
    let firstByteMs: number | undefined;
    const framer = new AudioFramer(bytesForMs(this.#format, FRAME_MS));
    let sinceMarkerMs = 0;
    try {
      for await (const chunk of this.#o.tts.synthesize({ text, signal: abort.signal })) {
        if (abort.signal.aborted) break;
        firstByteMs ??= this.#now() - ttsStart;
        for (const frame of framer.push(this.#out.convert(chunk))) {
          this.#sendAll(this.#o.protocol.audio(frame));
          sinceMarkerMs += FRAME_MS;
          if (sinceMarkerMs >= 1000) {
            sinceMarkerMs = 0;
            this.#sendMarker('mid', utterance);
          }
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        this.#log.error({ conversation: this.#conversationId, reason: (error as Error).message }, 'TTS failed; the message is not spoken');
      }
    }
    if (this.#tts === abort) this.#tts = undefined;
    const interrupted = abort.signal.aborted;
    const completeMs = this.#now() - ttsStart;
    const latency = latencyOf(turn.asrLatencyMs, processingMs, firstByteMs, completeMs);
    if (!interrupted) {
      const rest = framer.flush();
      if (rest) this.#sendAll(this.#o.protocol.audio(padToFrame(rest, bytesForMs(this.#format, FRAME_MS), this.#format)));
      this.#latestEndMarker = this.#sendMarker('end', utterance, latency);
      turn.endMarkers[index] = this.#latestEndMarker;
    }
    this.#log.info({ conversation: this.#conversationId, latency, ...(interrupted ? { interrupted } : {}) }, 'voice bot message');
    return { metadata: { latency, ...(interrupted ? { interrupted: true } : {}) } };
  }

  #sendMarker(kind: Marker['kind'], utterance: Utterance, latency?: VoiceLatency): string {
    const name = `${++this.#markerSeq}`;
    if (this.#pending.size >= MAX_PENDING_MARKERS) this.#pending.delete(this.#pending.keys().next().value!);
    this.#pending.set(name, { kind, utterance });
    this.#sendAll(this.#o.protocol.marker(name, latency as Readonly<Record<string, number>> | undefined));
    return name;
  }

  #sendAll(frames: readonly OutboundFrame[]): void {
    if (this.#closing) return;
    for (const frame of frames) this.#o.send(frame);
  }
}

function latencyOf(asrMs: number | undefined, processingMs: number, firstByteMs: number | undefined, completeMs: number): VoiceLatency {
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    ...(asrMs !== undefined ? { asr_latency_ms: ms(asrMs) } : {}),
    processing_latency_ms: ms(processingMs),
    rasa_processing_latency_ms: ms(processingMs),
    ...(firstByteMs !== undefined ? { tts_first_byte_latency_ms: ms(firstByteMs), response_latency_ms: ms(processingMs + firstByteMs) } : {}),
    tts_complete_latency_ms: ms(completeMs),
  };
}

/** The last frame of a message, filled up with silence so every frame is exactly 20 ms. */
function padToFrame(rest: Uint8Array, frameBytes: number, format: AudioFormat): Uint8Array {
  const frame = new Uint8Array(frameBytes).fill(format.encoding === 'mulaw' ? 0xff : 0);
  frame.set(rest);
  return frame;
}
