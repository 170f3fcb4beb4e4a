/**
 * Streaming speech ports for voice channels: ASR (audio in, transcripts out) and TTS (text in, audio
 * out). Engines live in adapters/speech/; the voice session in channels/voice/ converts between the
 * channel's audio format and the one an engine declares, so engines never resample.
 * @module
 */

/** Raw audio as it travels: 8 kHz μ-law, or 16-bit little-endian linear PCM (L16) at the given rate. */
export interface AudioFormat {
  readonly encoding: 'mulaw' | 'l16';
  readonly sampleRate: 8000 | 16000 | 24000 | 48000;
}

/**
 * What an ASR stream reports (Rasa's `UserIsSpeaking`, `NewTranscript`, `UserSilence`).
 * `final` comes once per utterance, never empty; `interim` texts may shrink and grow (partials flicker).
 */
export type AsrEvent =
  | { readonly type: 'interim'; readonly text: string }
  | { readonly type: 'final'; readonly text: string }
  | { readonly type: 'silence' };

export interface AsrStreamOptions {
  /** BCP 47 language of the conversation, when the channel or project knows it. */
  readonly language?: string;
  readonly onEvent: (event: AsrEvent) => void;
  /** The stream failed (connection lost, engine error); no more events come. */
  readonly onError: (error: Error) => void;
}

/** One call's recognition: audio goes in as it arrives, events come out through the options' callbacks. */
export interface AsrStream {
  /** Audio in the engine's `inputFormat`, any length (voice sessions send 20 ms frames). */
  send(audio: Uint8Array): void;
  /** Ends recognition and releases the engine's connection or decoder; idempotent. */
  close(): Promise<void>;
}

export interface AsrEngine {
  readonly name: string;
  readonly inputFormat: AudioFormat;
  open(options: AsrStreamOptions): Promise<AsrStream>;
  /** Releases what the engine shares between streams (models, sockets); idempotent. */
  close?(): Promise<void>;
}

export interface TtsRequest {
  readonly text: string;
  readonly language?: string;
  /** Aborted on barge-in or hangup: the engine stops producing and the iterator ends. */
  readonly signal?: AbortSignal;
}

export interface TtsEngine {
  readonly name: string;
  readonly outputFormat: AudioFormat;
  /** Audio chunks in `outputFormat` as soon as the engine makes them; throws on engine errors. */
  synthesize(request: TtsRequest): AsyncIterable<Uint8Array>;
  close?(): Promise<void>;
}

/** Builds an engine from its `asr:`/`tts:` section of credentials.yml (`name` plus the engine's keys). */
export type AsrEngineFactory = (config: Readonly<Record<string, unknown>>) => AsrEngine | Promise<AsrEngine>;
export type TtsEngineFactory = (config: Readonly<Record<string, unknown>>) => TtsEngine | Promise<TtsEngine>;
