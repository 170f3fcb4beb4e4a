/**
 * Acceptance: the real `socket.io-client` holds a conversation with a real `colloquy run` over the
 * Rasa web chat widget protocol, and the session survives a reconnect (session persistence).
 */
import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { starterServerForSuite, trackerEvents } from './colloquy-process.ts';
import { SCRIPT } from './scripted-conversation.ts';

interface BotUttered {
  readonly text?: string;
  readonly quick_replies?: readonly { title: string; payload: string }[];
}

/** Sends one message and resolves with the `count` bot messages it answers with. */
function turn(socket: Socket, sessionId: string, message: string, count: number): Promise<BotUttered[]> {
  return new Promise((resolve) => {
    const received: BotUttered[] = [];
    const onBot = (data: BotUttered) => {
      received.push(data);
      if (received.length === count) {
        socket.off('bot_uttered', onBot);
        resolve(received);
      }
    };
    socket.on('bot_uttered', onBot);
    socket.emit('user_uttered', { message, session_id: sessionId });
  });
}

async function open(url: string, sessionId: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true });
  const confirmed = new Promise((resolve) => socket.once('session_confirm', resolve));
  socket.emit('session_request', { session_id: sessionId });
  expect(await confirmed).toBe(sessionId);
  return socket;
}

describe('socket.io channel on a real colloquy run', () => {
  const server = starterServerForSuite();

  it('holds a conversation over the web chat widget protocol', async () => {
    const sessionId = `widget-${Date.now()}`;
    let socket = await open(server.url, sessionId);
    const [first, second, third] = SCRIPT;
    expect((await turn(socket, sessionId, first!.message, first!.replies.length)).map((m) => m.text)).toEqual(first!.replies);
    expect((await turn(socket, sessionId, second!.message, 1)).map((m) => m.text)).toEqual(second!.replies);
    socket.disconnect();

    socket = await open(server.url, sessionId);
    const [confirm] = await turn(socket, sessionId, third!.message, 1);
    expect(confirm!.text).toBe(third!.replies[0]);
    expect(confirm!.quick_replies?.map((b) => b.payload)).toEqual(['/SetSlots(confirm_transfer=true)', '/SetSlots(confirm_transfer=false)']);
    socket.disconnect();

    const user = (await trackerEvents(server.url, sessionId)).filter((e) => e.event === 'user').map((e) => e.text);
    expect(user).toEqual([first!.message, second!.message, third!.message]);
  });
});
