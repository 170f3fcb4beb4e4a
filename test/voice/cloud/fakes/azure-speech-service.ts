/**
 * A fake Azure Speech recognition service: reads the framed `audio` messages (WAV header first),
 * answers `speech.hypothesis` / `speech.phrase` from the scripted recognizer under the turn's request id.
 */
import { azureText, readAzureFrame } from './azure-speech-frames.ts';
import { ScriptedRecognizer } from './scripted-recognizer.ts';
import type { FakeConnection, FakeVendorWsServer } from './vendor-ws-server.ts';

export function speakAzureSpeech(server: FakeVendorWsServer): void {
  server.onConnection = (connection: FakeConnection) => {
    let requestId = '';
    let phrase: string[] = [];
    const recognizer = new ScriptedRecognizer((result) => {
      if (result.kind === 'partial') {
        connection.send(azureText('speech.hypothesis', requestId, { Text: result.text, Offset: 0, Duration: 0 }));
        return;
      }
      phrase.push(result.text);
      if (!result.last) return;
      const DisplayText = `${phrase.join(' ')}.`;
      phrase = [];
      connection.send(azureText('speech.phrase', requestId, { RecognitionStatus: 'Success', DisplayText, Offset: 0, Duration: 0 }));
    });
    connection.socket.on('message', (data: Buffer, isBinary) => {
      const frame = readAzureFrame({ data, isBinary });
      if (frame.headers['Path'] !== 'audio') return;
      if (frame.headers['Content-Type'] === 'audio/x-wav' && frame.body.toString('ascii', 0, 4) === 'RIFF') {
        requestId = frame.headers['X-RequestId'] ?? '';
        recognizer.audio(frame.body.subarray(44));
        return;
      }
      recognizer.audio(frame.body);
    });
  };
}
