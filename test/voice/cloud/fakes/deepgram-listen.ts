/** A fake Deepgram `/v1/listen`: binary audio in, `Results`/`UtteranceEnd` out, from the scripted recognizer. */
import { ScriptedRecognizer } from './scripted-recognizer.ts';
import type { FakeConnection, FakeVendorWsServer } from './vendor-ws-server.ts';

export function speakDeepgram(server: FakeVendorWsServer): void {
  server.onConnection = (connection: FakeConnection) => {
    const recognizer = new ScriptedRecognizer((result) => {
      const final = result.kind === 'segment';
      const speechFinal = result.kind === 'segment' && result.last;
      connection.send(JSON.stringify({ type: 'Results', is_final: final, speech_final: speechFinal, channel: { alternatives: [{ transcript: result.text }] } }));
    });
    connection.socket.on('message', (data: Buffer, isBinary) => isBinary && recognizer.audio(data));
  };
}
