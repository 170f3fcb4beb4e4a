/**
 * Rasa's `event_broker` from endpoints.yml: `pika` (RabbitMQ), `kafka` and `sql`. The broker is a runtime observer: events of every saved turn go
 * to an outbox that delivers them in the background.
 * @module
 */
import type { Logger } from 'pino';
import type { StoreConfig } from '../../core/assistant.ts';
import type { RuntimeObserver } from '../../ports/runtime-observer.ts';
import { StoreConfigError } from '../stores/store-options.ts';
import { brokerObserver } from './broker-observer.ts';
import { Outbox, type EventTransport } from './outbox.ts';

export interface EventBroker {
  readonly observer: RuntimeObserver;
  readonly outbox: Outbox;
  close(): Promise<void>;
}

export async function createEventBroker(config: StoreConfig, options: { readonly projectRoot: string; readonly logger: Logger }): Promise<EventBroker> {
  let transport: EventTransport;
  let keepUnpublished = true;
  let retryMaxMs: number | undefined;
  switch (config.type) {
    case 'pika': {
      const { PikaTransport, pikaSettings } = await import('./pika-transport.ts');
      const settings = pikaSettings(config.options);
      transport = new PikaTransport(settings, options.logger);
      keepUnpublished = settings.keepUnpublished;
      retryMaxMs = settings.retryDelayMs;
      break;
    }
    case 'sql': {
      const { openSqlTransport } = await import('./sql-transport.ts');
      transport = await openSqlTransport(config.options, options.projectRoot);
      break;
    }
    case 'kafka': {
      const { KafkaTransport, kafkaSettings } = await import('./kafka-transport.ts');
      transport = new KafkaTransport(kafkaSettings(config.options), options.logger);
      break;
    }
    default:
      throw new StoreConfigError(`endpoints.yml event_broker.type: '${config.type}' is not supported; use 'pika' (RabbitMQ), 'kafka' or 'sql'.`);
  }
  const outbox = new Outbox(transport, { logger: options.logger, keepUnpublished, ...(retryMaxMs !== undefined ? { retryMaxMs } : {}) });
  return { observer: brokerObserver(outbox), outbox, close: () => outbox.close() };
}
