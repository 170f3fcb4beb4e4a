/**
 * `event_broker: {type: kafka}` against a protocol-level fake Kafka broker (test/operations/fake-kafka.ts:
 * no Kafka broker can be installed on this machine), spoken to over real TCP by kafkajs. Every event
 * of the scripted 10-turn conversation arrives on the topic in the tracker's order, keyed by the
 * sender (`partition_by_sender`), after SASL PLAIN authentication; when the broker stops
 * mid-conversation, turns go on and the held events arrive once it is back on the same port.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaTransport, kafkaSettings } from '../../src/adapters/brokers/kafka-transport.ts';
import { startColloquy, tempStarterProject, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { conversationAcrossOutage, expectScriptPublishedInOrder } from './broker-delivery.ts';
import { startFakeKafka, type FakeKafka } from './fake-kafka.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const CREDENTIALS = { username: 'colloquy', password: 'kafka-secret' };
const TOPIC = 'colloquy_events';

interface Published {
  readonly sender_id: string;
  readonly event: string;
  readonly timestamp: number;
  readonly [key: string]: unknown;
}

describe('event_broker type kafka (fake Kafka broker over TCP)', () => {
  const project = tempStarterProject();
  let kafka: FakeKafka;
  let server: ColloquyProcess;

  beforeAll(async () => {
    kafka = await startFakeKafka({ partitions: 3, sasl: CREDENTIALS });
    server = await startColloquy({
      project: project.dir,
      endpoints: `${FIXTURES}kafka-endpoints.yml`,
      env: { KAFKA_PORT: String(kafka.port), KAFKA_TOPIC: TOPIC, KAFKA_USER: CREDENTIALS.username, KAFKA_PASSWORD: CREDENTIALS.password },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await kafka?.close();
    project.remove();
  });

  const recordsOf = (sender: string) => kafka.records.filter((r) => r.topic === TOPIC && r.key === sender);
  const eventsOf = (sender: string) => recordsOf(sender).map((r) => JSON.parse(r.value) as Published);

  it('publishes every event of a 10-turn conversation in order, keyed by the sender, in one partition', async () => {
    const sender = 'kafka-in-order';
    await expectScriptPublishedInOrder(server.url, sender, () => eventsOf(sender));
    expect(new Set(recordsOf(sender).map((r) => r.partition)).size).toBe(1);
    expect(kafka.clientIds).toContain('colloquy-test');
  });

  it('keeps serving while the broker is stopped and delivers the held events once it is back', async () => {
    const sender = 'kafka-restart';
    await conversationAcrossOutage({ url: server.url, sender, published: () => eventsOf(sender), stop: () => kafka.stop(), start: () => kafka.start() });
  }, 120_000);
});

describe('KafkaTransport', () => {
  const logger = pino({ level: 'silent' });

  it('sends unkeyed messages without partition_by_sender, and converts intent ids when asked', async () => {
    const kafka = await startFakeKafka({ partitions: 1 });
    const transport = new KafkaTransport(kafkaSettings({ url: [`127.0.0.1:${kafka.port}`], topic: 'plain', security_protocol: 'plaintext', convert_intent_id_to_string: true }), logger);
    try {
      const user = JSON.stringify({ sender_id: 's', event: 'user', parse_data: { intent: { name: 'greet', id: 7 } } });
      await transport.send([{ senderId: 's', body: user }, { senderId: 's', body: '{"sender_id":"s","event":"action"}' }]);
      expect(kafka.records.map((r) => [r.topic, r.partition, r.offset, r.key])).toEqual([
        ['plain', 0, 0, null],
        ['plain', 0, 1, null],
      ]);
      expect((JSON.parse(kafka.records[0]!.value) as { parse_data: { intent: { id: unknown } } }).parse_data.intent.id).toBe('7');
      expect(kafka.clientIds).toEqual(new Set(['colloquy']));
    } finally {
      await transport.close();
      await kafka.close();
    }
  });

  it('fails a send on wrong SASL credentials (the outbox retries it)', async () => {
    const kafka = await startFakeKafka({ sasl: CREDENTIALS });
    const transport = new KafkaTransport(kafkaSettings({ url: `127.0.0.1:${kafka.port}`, sasl_username: 'colloquy', sasl_password: 'wrong' }), logger);
    try {
      await expect(transport.send([{ senderId: 's', body: '{}' }])).rejects.toThrow(/auth/i);
      expect(kafka.records).toEqual([]);
    } finally {
      await transport.close();
      await kafka.close();
    }
  });

  it("reads Rasa's keys with Rasa's defaults", () => {
    expect(kafkaSettings({ url: 'a, b:9093', sasl_username: 'u', sasl_password: 'p' })).toMatchObject({
      brokers: ['a:9092', 'b:9093'],
      topic: 'rasa_core_events',
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' },
      partitionBySender: false,
    });
    expect(() => kafkaSettings({ url: 'a' })).toThrow('security_protocol SASL_PLAINTEXT needs sasl_username and sasl_password');
    expect(() => kafkaSettings({ url: 'a', security_protocol: 'PLAINTEXT', sasl_mechanism: 'GSSAPI' })).not.toThrow();
    expect(() => kafkaSettings({ url: 'a', sasl_username: 'u', sasl_password: 'p', sasl_mechanism: 'GSSAPI' })).toThrow("sasl_mechanism: 'GSSAPI' is not supported");
  });
});
