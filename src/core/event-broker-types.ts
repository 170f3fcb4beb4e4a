/**
 * The `event_broker` types of endpoints.yml colloquy serves and the Kafka settings it accepts, by
 * Rasa's names: read by the validator and by the broker factory.
 * @module
 */

export const EVENT_BROKER_TYPES = ['pika', 'sql', 'kafka'] as const;

/** Rasa's `security_protocol` values (Rasa's default is SASL_PLAINTEXT). */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

/** The `sasl_mechanism` values colloquy speaks; Rasa also names GSSAPI and OAUTHBEARER, which need code, not YAML. */
export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export const KAFKA_DEFAULT_TOPIC = 'rasa_core_events';
