/**
 * `colloquy validate` (and every start) checks the `asr:`/`tts:` sections of the voice channels in
 * credentials.yml whose engine is a cloud one: its keys, and its API key in the environment.
 * Offline and custom engines are checked when the server builds them (they load files and modules).
 * @module
 */
import type { Assistant } from '../core/assistant.ts';
import { CLOUD_ASR_ENGINES, CLOUD_TTS_ENGINES, SpeechConfigError } from '../adapters/speech/cloud/index.ts';
import type { Env, ProjectFinding } from '../project/index.ts';

export function speechEngineFindings(assistant: Assistant, env: Env): ProjectFinding[] {
  return assistant.channels.flatMap((channel) =>
    (['asr', 'tts'] as const).flatMap((kind): ProjectFinding[] => {
      const section = channel.options[kind];
      if (typeof section !== 'object' || section === null) return [];
      const name = (section as Record<string, unknown>).name;
      const create = typeof name === 'string' ? (kind === 'asr' ? CLOUD_ASR_ENGINES : CLOUD_TTS_ENGINES)[name] : undefined;
      if (!create) return [];
      try {
        create(section as Record<string, unknown>, env);
        return [];
      } catch (error) {
        if (!(error instanceof SpeechConfigError)) throw error;
        const noKey = error.message.includes('no API key');
        return [
          {
            severity: noKey ? 'warning' : 'error',
            file: 'credentials.yml',
            path: [channel.name, kind],
            code: noKey ? 'credentials.speech.missing_api_key' : 'credentials.speech.invalid',
            message: `${error.message}${noKey ? ': every call would fail' : ''}.`,
            hint: noKey ? 'Export the variable before running, or use an offline engine (pocketsphinx, flite).' : 'Fix the key as docs/voice.md describes for this engine.',
          },
        ];
      }
    }),
  );
}
