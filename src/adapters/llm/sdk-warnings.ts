/**
 * The AI SDK prints a model's call warnings (e.g. "temperature is not supported for reasoning
 * models", for the gpt-5 models Rasa's starter packs configure with `temperature: 0.0`) with
 * `console.warn` on every call. Routed here to the logger instead, each distinct warning once.
 * Kept apart from the clients so installing it does not load the SDK.
 * @module
 */
import type { Logger } from 'pino';

interface SdkWarningReport {
  readonly warnings: readonly unknown[];
  readonly provider: string;
  readonly model: string;
}

/** Sends the AI SDK's warnings to `logger` (process-wide: the SDK reads one global hook). */
export function routeSdkWarnings(logger: Pick<Logger, 'warn'>): void {
  const reported = new Set<string>();
  (globalThis as { AI_SDK_LOG_WARNINGS?: (report: SdkWarningReport) => void }).AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) => {
    for (const warning of warnings) {
      const key = JSON.stringify([provider, model, warning]);
      if (reported.has(key)) continue;
      reported.add(key);
      logger.warn({ provider, model, warning }, 'the LLM provider changed a call setting (reported once per model)');
    }
  };
}
