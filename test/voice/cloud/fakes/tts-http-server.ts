/**
 * An HTTP server on 127.0.0.1 standing in for a REST TTS vendor: it records each request and
 * answers with a scripted reply (audio chunks with pauses, an error status, or no answer at all).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** True once the client went away before the whole reply was sent. */
  aborted: boolean;
  finished: boolean;
}

export type TtsReply =
  | { readonly kind: 'audio'; readonly chunks: readonly Uint8Array[]; readonly pauseMs?: number }
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'hang' };

export class FakeTtsServer {
  readonly requests: RecordedRequest[] = [];
  /** A fixed reply, or one chosen per request (by its text, its path). */
  reply: TtsReply | ((request: RecordedRequest) => TtsReply) = { kind: 'audio', chunks: [] };
  private active = 0;
  private readonly http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: new URL(request.url ?? '/', 'http://fake'),
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        aborted: false,
        finished: false,
      };
      this.requests.push(recorded);
      this.active += 1;
      response.on('close', () => {
        this.active -= 1;
        if (!response.writableFinished) recorded.aborted = true;
      });
      void this.answer(response, recorded);
    });
  });

  static async start(): Promise<FakeTtsServer> {
    const server = new FakeTtsServer();
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  private async answer(response: ServerResponse, recorded: RecordedRequest): Promise<void> {
    const reply = typeof this.reply === 'function' ? this.reply(recorded) : this.reply;
    if (reply.kind === 'hang') return;
    if (reply.kind === 'status') {
      response.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    for (const chunk of reply.chunks) {
      if (response.destroyed) return;
      response.write(chunk);
      if (reply.pauseMs) await new Promise((resolve) => setTimeout(resolve, reply.pauseMs));
    }
    response.end();
    recorded.finished = true;
  }

  /** Replies still being sent (a synthesis the engine has not finished or dropped). */
  activeReplies(): number {
    return this.active;
  }

  async stop(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
