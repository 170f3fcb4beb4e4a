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

  it("accepts the kafka broker with Rasa's keys", () => {
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  url: [a:9092, b:9092]\n  topic: t\n  partition_by_sender: true\n  security_protocol: sasl_ssl\n  sasl_mechanism: SCRAM-SHA-512\n  sasl_username: u\n  sasl_password: p\n  ssl_cafile: ca.pem\n')).toEqual([]);
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  url: localhost:9092\n  security_protocol: PLAINTEXT\n')).toEqual([]);
  });

  it('reports kafka settings run could not use, at their line', () => {
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  url: localhost\n  security_protocol: TLS\n  sasl_mechanism: GSSAPI\n')).toEqual([
      expect.stringMatching(/^endpoints\.yml:4:22 error event_broker\.security_protocol: .*PLAINTEXT.*SASL_SSL/),
      expect.stringMatching(/^endpoints\.yml:5:19 error event_broker\.sasl_mechanism: .*PLAIN.*SCRAM-SHA-512/),
    ]);
    // Rasa's default protocol is SASL_PLAINTEXT, which needs credentials.
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  url: localhost\n')).toEqual([
      expect.stringMatching(/^endpoints\.yml:2:3 error event_broker\.sasl_username: security_protocol SASL_PLAINTEXT needs 'sasl_username'/),
      expect.stringMatching(/^endpoints\.yml:2:3 error event_broker\.sasl_password: /),
    ]);
    expect(diagnosticsOf('event_broker:\n  type: kafka\n  security_protocol: PLAINTEXT\n')).toEqual([expect.stringMatching(/^endpoints\.yml:2:3 error event_broker\.url: .*bootstrap servers/)]);
  });

  it('refuses broker types colloquy does not serve', () => {
    expect(diagnosticsOf('event_broker:\n  type: my.module.Broker\n')).toEqual([
      "endpoints.yml:2:9 error event_broker.type: event broker type 'my.module.Broker' is not supported by colloquy. Fix: use 'type: pika' (RabbitMQ), 'type: kafka' or 'type: sql' (SQLite/PostgreSQL table events).",
    ]);
  });

  it('reports an unknown tracing detail at its line', () => {
    expect(diagnosticsOf('tracing:\n  type: otlp\n  detail: calls\n')).toEqual([]);
    expect(diagnosticsOf('tracing:\n  type: otlp\n  detail: some\n')).toEqual([
      "endpoints.yml:3:11 error tracing.detail: tracing detail 'some' is not known. Fix: use 'all' (a span per phase, the default) or 'calls' (the turn and the calls out of the process).",
    ]);
  });

  it("warns that Rasa's OTLP metrics export does nothing here", () => {
    expect(diagnosticsOf('metrics:\n  type: otlp\n  endpoint: localhost:4317\n')).toEqual([
      "endpoints.yml:2:9 warning metrics.type: metrics 'type: otlp' (Rasa's OTLP metric export) is not supported; no metrics are exported. Fix: use 'type: prometheus' to serve GET /metrics.",
    ]);
  });
});
