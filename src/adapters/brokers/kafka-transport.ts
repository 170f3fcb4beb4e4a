/**
 * Kafka as Rasa's `event_broker: {type: kafka}` (kafkajs): every event a message on `topic`
 * (default `rasa_core_events`), keyed by the sender when `partition_by_sender` (so a conversation
 * stays in one partition, in order), acknowledged by all in-sync replicas (`acks: -1`) before the
 * batch counts as sent. `security_protocol` PLAINTEXT / SASL_PLAINTEXT / SSL / SASL_SSL with
 * `sasl_mechanism` PLAIN or SCRAM and the `ssl_*` files, as Rasa reads them. A failed send drops the
 * producer; the outbox retries on a new one.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, Partitioners, type Producer, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { KAFKA_DEFAULT_TOPIC, KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS, type KafkaSaslMechanism, type KafkaSecurityProtocol } from '../../core/event-broker-types.ts';
import { readOptions, StoreConfigError } from '../stores/store-options.ts';
import type { BrokerMessage, EventTransport } from './outbox.ts';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly clientId: string;
  readonly partitionBySender: boolean;
  readonly securityProtocol: KafkaSecurityProtocol;
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  readonly tls?: ConnectionOptions;
  readonly convertIntentIdToString: boolean;
}

function oneOf<T extends string>(key: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  const upper = (value ?? fallback).toUpperCase();
  if (!(allowed as readonly string[]).includes(upper)) throw new StoreConfigError(`endpoints.yml event_broker.${key}: '${value}' is not supported; use ${allowed.join(', ')}.`);
  return upper as T;
}

/** Reads Rasa's kafka keys (see the module comment); file paths are read now, so a missing file stops `run`. */
export function kafkaSettings(raw: Readonly<Record<string, unknown>>): KafkaSettings {
  const options = readOptions('event_broker', raw);
  const urls = Array.isArray(raw.url) ? raw.url.map(String) : (options.string('url') ?? '').split(',');
  const brokers = urls.map((url) => url.trim()).filter((url) => url !== '').map((url) => (/:\d+$/.test(url) ? url : `${url}:9092`));
  if (brokers.length === 0) throw new StoreConfigError("endpoints.yml event_broker.url: set the Kafka bootstrap servers ('host:port' or a list).");
  const securityProtocol = oneOf('security_protocol', options.string('security_protocol'), KAFKA_SECURITY_PROTOCOLS, 'SASL_PLAINTEXT');
  let sasl: KafkaSettings['sasl'];
  if (securityProtocol.startsWith('SASL_')) {
    const username = options.string('sasl_username');
    const password = options.string('sasl_password');
    if (username === undefined || password === undefined) throw new StoreConfigError(`endpoints.yml event_broker: security_protocol ${securityProtocol} needs sasl_username and sasl_password.`);
    sasl = { mechanism: oneOf('sasl_mechanism', options.string('sasl_mechanism'), KAFKA_SASL_MECHANISMS, 'PLAIN'), username, password };
  }
  let tls: ConnectionOptions | undefined;
  if (securityProtocol.endsWith('SSL')) {
    const file = (key: string) => {
      const path = options.string(key);
      return path === undefined ? undefined : readFileSync(path);
    };
    const [ca, cert, key] = [file('ssl_cafile'), file('ssl_certfile'), file('ssl_keyfile')];
    // Rasa checks the host name only with SASL_SSL and ssl_check_hostname: true; the chain is always verified.
    const checkHostname = securityProtocol === 'SASL_SSL' && (options.boolean('ssl_check_hostname') ?? false);
    tls = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(checkHostname ? {} : { checkServerIdentity: () => undefined }) };
  }
  return {
    brokers,
    topic: options.string('topic') ?? KAFKA_DEFAULT_TOPIC,
    clientId: options.string('client_id') ?? 'colloquy',
    partitionBySender: options.boolean('partition_by_sender') ?? false,
    securityProtocol,
    ...(sasl ? { sasl } : {}),
    ...(tls ? { tls } : {}),
    convertIntentIdToString: options.boolean('convert_intent_id_to_string') ?? false,
  };
}

/** Rasa's `convert_intent_id_to_string`: the intent id of a user event's parse data as a string. */
function withIntentIdAsString(body: string): string {
  const event = JSON.parse(body) as { event?: unknown; parse_data?: { intent?: { id?: unknown } } };
  const intent = event.event === 'user' ? event.parse_data?.intent : undefined;
  if (intent?.id === undefined || intent.id === null) return body;
  intent.id = String(intent.id);
  return JSON.stringify(event);
}

export class KafkaTransport implements EventTransport {
  readonly #settings: KafkaSettings;
  readonly #kafka: Kafka;
  readonly #logger: Logger;
  #producer: Producer | undefined;

  constructor(settings: KafkaSettings, logger: Logger) {
    this.#settings = settings;
    this.#logger = logger;
    const { sasl, tls } = settings;
    this.#kafka = new Kafka({
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      ...(tls ? { ssl: tls } : {}),
      ...(sasl ? { sasl: { mechanism: sasl.mechanism.toLowerCase(), username: sasl.username, password: sasl.password } as SASLOptions } : {}),
      connectionTimeout: 10_000,
      // The outbox owns retries (with backoff, in order): kafkajs gives up quickly.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => this.#logger.warn({ broker: this.target, kafka: entry.namespace, reason: entry.log.message }, 'event broker (kafka)'),
    });
  }

  get target(): string {
    return `kafka ${this.#settings.brokers.join(',')}/${this.#settings.topic}`;
  }

  async send(messages: readonly BrokerMessage[]): Promise<void> {
    const { partitionBySender, convertIntentIdToString, topic } = this.#settings;
    try {
      const producer = this.#producer ?? (await this.#open());
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: partitionBySender ? m.senderId : null, value: convertIntentIdToString ? withIntentIdAsString(m.body) : m.body })),
      });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async #open(): Promise<Producer> {
    // One request in flight: a retried request cannot overtake the one after it. The default
    // partitioner hashes keys as the Java client and kafka-python (Rasa's) do.
    const producer = this.#kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.#producer = producer;
    this.#logger.info({ broker: this.target, partitionBySender: this.#settings.partitionBySender }, 'event broker connected');
    return producer;
  }
}
