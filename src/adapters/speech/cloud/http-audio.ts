/**
 * Streamed HTTP synthesis shared by the REST TTS engines: POST the request, yield the response body
 * as it arrives. Barge-in (the caller's signal) ends the iteration quietly; the `timeout` over the
 * whole synthesis, a refused request or a cut connection throw an error that names the vendor and
 * status (never the key). Breaking out of the loop cancels the download.
 * @module
 */

/** About 11 minutes of 24 kHz L16: a reply longer than this is a runaway response, not speech. */
const MAX_AUDIO_BYTES = 32 * 1024 * 1024;
/** Enough of an error body to explain it in the message. */
const MAX_ERROR_CHARS = 300;

export interface HttpAudioRequest {
  readonly vendor: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly keyHint: string;
  readonly signal?: AbortSignal;
}

export async function* streamHttpAudio(request: HttpAudioRequest): AsyncGenerator<Uint8Array> {
  if (request.signal?.aborted) return;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  try {
    yield* download(request, request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal, () =>
      deadline.signal.aborted ? new Error(`${request.vendor} TTS timed out after ${request.timeoutMs / 1000} s`) : undefined,
    );
  } finally {
    clearTimeout(timer);
  }
}

async function* download(request: HttpAudioRequest, signal: AbortSignal, timedOut: () => Error | undefined): AsyncGenerator<Uint8Array> {
  const failure = (reason: string) => timedOut() ?? new Error(`${request.vendor} TTS failed: ${reason}`);
  const bargedIn = () => request.signal?.aborted === true;

  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal });
  } catch (error) {
    if (bargedIn()) return;
    throw failure(`cannot reach ${new URL(request.url).host}: ${causeOf(error)}`);
  }
  if (!response.ok || !response.body) {
    const detail = (await errorText(response)).trim();
    const hint = response.status === 401 || response.status === 403 ? ` (check ${request.keyHint})` : '';
    throw failure(`HTTP ${response.status}${hint}${detail ? `: ${detail}` : ''}`);
  }

  const reader = response.body.getReader();
  let received = 0;
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (bargedIn()) return;
        throw failure(`the audio stream broke off: ${causeOf(error)}`);
      }
      if (chunk.done) return;
      received += chunk.value.byteLength;
      if (received > MAX_AUDIO_BYTES) throw failure(`the audio is longer than ${MAX_AUDIO_BYTES} bytes`);
      if (chunk.value.byteLength > 0) yield chunk.value;
      if (bargedIn()) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The start of an error body; the rest is not downloaded. */
async function errorText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < MAX_ERROR_CHARS) {
      const chunk = await reader.read();
      if (chunk.done) break;
      parts.push(chunk.value);
      length += chunk.value.byteLength;
    }
  } catch {
    // The body broke off: the status alone explains the failure.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(parts).toString('utf8').slice(0, MAX_ERROR_CHARS);
}

/** fetch wraps network errors as "fetch failed"; the cause says what happened. */
function causeOf(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { message?: string; code?: string } };
  return cause?.code ?? cause?.message ?? message ?? String(error);
}
