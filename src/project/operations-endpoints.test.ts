import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProjectFromFiles } from './load-project.ts';

const project = (endpoints: string) => ({
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
  'domain.yml': 'responses:\n  utter_hi:\n    - text: Hi\n',
  'data/flows.yml': 'flows:\n  greet:\n    description: Greet.\n    steps:\n      - action: utter_hi\n',
  'endpoints.yml': endpoints,
});
const diagnosticsOf = (endpoints: string) => loadProjectFromFiles(project(endpoints), '/p', { env: {} }).diagnostics.map((d) => formatDiagnostic(d));

describe('endpoints.yml event_broker and metrics', () => {
  it('accepts the pika and sql brokers and Prometheus metrics', () => {
    expect(diagnosticsOf('event_broker:\n  type: pika\n  url: localhost\n  queues: [q]\nmetrics:\n  type: prometheus\n')).toEqual([]);
    expect(diagnosticsOf('event_broker:\n  type: sql\n  dialect: sqlite\n')).toEqual([]);
  });

  it('refuses the kafka broker with what to use instead', () => {
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  url: localhost\n')).toEqual([
      "endpoints.yml:2:9 error event_broker.type: event broker type 'kafka' is not supported by colloquy. Fix: use 'type: pika' (RabbitMQ) or 'type: sql' (SQLite/PostgreSQL table events).",
    ]);
  });

  it("warns that Rasa's OTLP metrics export does nothing here", () => {
    expect(diagnosticsOf('metrics:\n  type: otlp\n  endpoint: localhost:4317\n')).toEqual([
      "endpoints.yml:2:9 warning metrics.type: metrics 'type: otlp' (Rasa's OTLP metric export) is not supported; no metrics are exported. Fix: use 'type: prometheus' to serve GET /metrics.",
    ]);
  });
});
