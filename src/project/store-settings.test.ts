import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProjectFromFiles } from './load-project.ts';

const project = {
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
  'domain.yml': 'version: "3.1"\nslots:\n  amount:\n    type: float\nresponses:\n  utter_ask_amount:\n    - text: How much?\n',
  'data/flows.yml': 'flows:\n  pay:\n    description: pay a bill\n    steps:\n      - collect: amount\n',
};

function errorsWith(endpoints: string, env: Record<string, string> = {}): string[] {
  const { diagnostics } = loadProjectFromFiles({ ...project, 'endpoints.yml': endpoints }, '/p', { env });
  return diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).split(' Fix: ')[0]!);
}

describe('endpoints.yml store settings', () => {
  it('reports settings that run would reject at file:line:column', () => {
    expect(errorsWith('tracker_store:\n  type: redis\n  port: "not-a-port"\n')).toEqual(["endpoints.yml:3:9 error tracker_store.port: expected a number, got 'not-a-port'."]);
    expect(errorsWith('tracker_store:\n  type: mongo\n')).toEqual([expect.stringMatching(/^endpoints\.yml:2:9 error tracker_store\.type: 'mongo' is not allowed\.$/)]);
    expect(errorsWith('lock_store:\n  type: redis\n  port: true\n')).toEqual(['endpoints.yml:3:9 error lock_store.port: expected a number, got true.']);
    expect(errorsWith('lock_store:\n  type: sql\n')).toEqual([expect.stringMatching(/^endpoints\.yml:2:9 error lock_store\.type: 'sql' is not allowed\.$/)]);
    expect(errorsWith('tracker_store:\n  type: redis\n  port: 70000\n  db: -1\n')).toEqual([
      'endpoints.yml:3:9 error tracker_store.port: must be at most 65535.',
      'endpoints.yml:4:7 error tracker_store.db: must be at least 0.',
    ]);
    expect(errorsWith('tracker_store:\n  type: sql\n  dialect: mysql\n  table: "drop table x"\n')).toEqual([
      'endpoints.yml:3:12 error tracker_store.dialect: use postgresql or sqlite.',
      'endpoints.yml:4:10 error tracker_store.table: use letters, digits and _ (not first), at most 56 characters.',
    ]);
    expect(errorsWith('tracker_store:\n  type: redis\n  max_events: 200\n')).toEqual([
      'endpoints.yml:3:15 error tracker_store.max_events: colloquy keeps every event of a conversation, as Rasa does: remove this key.',
    ]);
  });

  it('accepts every store type run serves, with numbers given through ${ENV}', () => {
    const valid = [
      'tracker_store:\n  type: redis\n  url: localhost\n  port: ${REDIS_PORT}\n  db: "2"\n  use_ssl: "false"\n  record_exp: 60\nlock_store:\n  type: concurrent_redis\n  port: 6379\n',
      'tracker_store:\n  type: SQLTrackerStore\n  dialect: postgresql\n  url: postgresql://u@h/db\n  port: ""\n  table: events\n',
      'tracker_store:\n  type: sql\n  db: trackers.db\n',
      'tracker_store:\n  type: sqlite\n  db: .colloquy/other.db\nlock_store:\n  type: in_memory\n',
      'tracker_store:\n  type: InMemoryTrackerStore\n  some_rasa_key_colloquy_ignores: 1\n',
    ];
    for (const endpoints of valid) expect(errorsWith(endpoints, { REDIS_PORT: '6380' }), endpoints).toEqual([]);
  });
});

describe('YAML syntax errors', () => {
  it('are the only errors reported, since the rest would be read from a partial file', () => {
    const broken = { ...project, 'domain.yml': 'version: "3.1"\nslots:\n  amount: [float\nresponses:\n  utter_ask_amount:\n    - text: How much?\n' };
    const { assistant, diagnostics } = loadProjectFromFiles(broken, '/p', { env: {} });
    expect(assistant).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.map((d) => d.code)).toEqual(diagnostics.map(() => 'yaml.syntax'));
    expect(diagnostics[0]!.file).toBe('domain.yml');
  });
});
