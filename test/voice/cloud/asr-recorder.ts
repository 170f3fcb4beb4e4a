/** What the cloud ASR tests share: a recorder of what a stream reports, and the fake vendor per test. */
import { afterEach, beforeEach, vi } from 'vitest';
import type { AsrEvent, AsrStreamOptions } from '../../../src/ports/speech.ts';
import { FakeVendorWsServer } from './fakes/vendor-ws-server.ts';

/** Collects what an ASR stream reports, for tests to wait on and assert. */
export class AsrRecorder implements AsrStreamOptions {
  readonly events: AsrEvent[] = [];
  readonly errors: Error[] = [];

  constructor(readonly language?: string) {}

  readonly onEvent = (event: AsrEvent) => void this.events.push(event);
  readonly onError = (error: Error) => void this.errors.push(error);

  finals(): string[] {
    return this.events.flatMap((event) => (event.type === 'final' ? [event.text] : []));
  }

  async until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`condition not met; events: ${JSON.stringify(this.events)}, errors: ${this.errors.map(String)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * Counts the intervals started and not yet cleared from now on (keep-alive timers must not outlive
 * a stream); `vi.restoreAllMocks()` ends the tracking.
 */
export function trackIntervals(): { running(): number } {
  const running = new Set<unknown>();
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((...args: Parameters<typeof setInterval>) => {
    const handle = originalSetInterval(...args);
    running.add(handle);
    return handle;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation((handle) => {
    running.delete(handle);
    originalClearInterval(handle);
  });
  return { running: () => running.size };
}

const originalSetInterval = globalThis.setInterval;
const originalClearInterval = globalThis.clearInterval;

/**
 * A fake vendor WebSocket server for each test of the calling suite, stopped after it (which also
 * ends `trackIntervals`); `engine(config)` builds the engine under test against its URL.
 */
export function vendorPerTest<E>(build: (url: string, config: Record<string, unknown>) => E): {
  server(): FakeVendorWsServer;
  engine(config?: Record<string, unknown>): E;
} {
  let current: FakeVendorWsServer | undefined;
  beforeEach(async () => void (current = await FakeVendorWsServer.start()));
  afterEach(async () => {
    vi.restoreAllMocks();
    await current?.stop();
  });
  const server = () => {
    if (!current) throw new Error('the fake vendor starts in beforeEach');
    return current;
  };
  return { server, engine: (config = {}) => build(server().url, config) };
}
