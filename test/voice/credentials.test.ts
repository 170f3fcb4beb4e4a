/** Voice-stream channel sections of credentials.yml are validated when the project loads, with file and line. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/project/format-diagnostic.ts';
import { loadProjectFromFiles } from '../../src/project/load-project.ts';

const files = {
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
  'domain.yml': 'version: "3.1"\nresponses:\n  utter_hi:\n    - text: hi\n',
  'data/flows.yml': 'flows:\n  hi:\n    description: Say hi.\n    steps:\n      - action: utter_hi\n',
};

describe('voice channel credentials', () => {
  it('applies the defaults of Rasa keys to a valid section', () => {
    const { assistant, diagnostics } = loadProjectFromFiles({ ...files, 'credentials.yml': 'browser_audio:\n  asr:\n    name: deepgram\n    endpointing: 400\n  tts:\n    name: cartesia\n' });
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(assistant!.channels).toEqual([
      {
        name: 'browser_audio',
        options: { asr: { name: 'deepgram', endpointing: 400 }, tts: { name: 'cartesia', cache_size: 1000 }, interruptions: { enabled: false, min_words: 3 }, sample_rate: 48000 },
      },
    ]);
  });

  it('names file, line and key of each mistake', () => {
    const credentials = [
      'rest: {}',
      'browser_audio:',
      '  tts:',
      '    name: cartesia',
      '    cache_size: lots',
      '  interruptions:',
      '    enabled: yes please',
      '    min_word: 2',
      '  silence_timeout: -1',
      '  sample_rate: 44100',
      '',
    ].join('\n');
    const { diagnostics } = loadProjectFromFiles({ ...files, 'credentials.yml': credentials });
    const lines = diagnostics.map((d) => formatDiagnostic(d));
    expect(lines.some((l) => l.startsWith('credentials.yml:2:') && l.includes('asr'))).toBe(true);
    expect(lines.some((l) => l.startsWith('credentials.yml:5:') && l.includes('cache_size'))).toBe(true);
    expect(lines.some((l) => l.startsWith('credentials.yml:7:') && l.includes('enabled'))).toBe(true);
    expect(lines.some((l) => l.startsWith('credentials.yml:8:') && l.includes("did you mean 'min_words'"))).toBe(true);
    expect(lines.some((l) => l.startsWith('credentials.yml:9:') && l.includes('silence_timeout'))).toBe(true);
    expect(lines.some((l) => l.startsWith('credentials.yml:10:') && l.includes('sample_rate'))).toBe(true);
  });
});
