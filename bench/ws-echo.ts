/** The baseline the voice benches run beside: a bare `ws` echo server's round trip, and percentiles. */
import WebSocket, { WebSocketServer } from 'ws';

/** Round trips of `frame` through a bare `ws` echo server on 127.0.0.1, in ms. */
export async function echoBaseline(count: number, frame = JSON.stringify({ audio: 'AAAA' })): Promise<number[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => socket.once('open', resolve));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send(frame);
    });
    times.push(performance.now() - start);
  }
  socket.close();
  wss.close();
  return times;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
