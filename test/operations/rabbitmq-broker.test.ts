/**
 * Acceptance: `event_broker: {type: pika}` on the real RabbitMQ (127.0.0.1:5672). Every event of the
 * scripted 10-turn conversation arrives in the queue, in the tracker's order, as Rasa publishes it
 * (`sender_id` plus the event's JSON). When the broker goes away mid-conversation (a proxy between
 * colloquy and RabbitMQ drops every connection and refuses new ones), turns go on unblocked and
 * the events of those turns arrive once the broker is back.
 */
import amqp from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../contracts/services.ts';
import { startColloquy, tempStarterProject, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { SCRIPT } from '../serving/scripted-conversation.ts';
import { conversationAcrossOutage, expectScriptPublishedInOrder } from './broker-delivery.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const RABBITMQ = { host: '127.0.0.1', port: 5672 };

interface Published {
  readonly sender_id: string;
  readonly event: string;
  readonly timestamp: number;
  readonly [key: string]: unknown;
}

/** A consumer of the test's own queue, collecting what colloquy published. */
async function consumeQueue(queue: string, exchange: string) {
  const connection = await amqp.connect(`amqp://guest:guest@${RABBITMQ.host}:${RABBITMQ.port}`).catch((error: Error) => {
    throw new Error(`RabbitMQ is not reachable at ${RABBITMQ.host}:${RABBITMQ.port} (${error.message}); start it (CI: .ci/run).`);
  });
  const channel = await connection.createChannel();
  // Declared as colloquy (and Rasa) declare them, so whichever side comes first, both agree.
  await channel.assertExchange(exchange, 'fanout', { durable: false });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '');
  const received: Published[] = [];
  const properties: amqp.MessageProperties[] = [];
  await channel.consume(queue, (message) => {
    if (!message) return;
    received.push(JSON.parse(message.content.toString()) as Published);
    properties.push(message.properties);
    channel.ack(message);
  });
  return {
    received,
    properties,
    async dispose() {
      await channel.deleteQueue(queue);
      await channel.deleteExchange(exchange);
      await connection.close();
    },
  };
}

describe('event_broker type pika (RabbitMQ)', () => {
  const project = tempStarterProject();
  const queue = uniqueName('colloquyq');
  const exchange = uniqueName('colloquyx');
  let proxy: TcpProxy;
  let consumer: Awaited<ReturnType<typeof consumeQueue>>;
  let server: ColloquyProcess;

  beforeAll(async () => {
    consumer = await consumeQueue(queue, exchange);
    proxy = await startTcpProxy(RABBITMQ);
    server = await startColloquy({
      project: project.dir,
      endpoints: `${FIXTURES}pika-endpoints.yml`,
      env: { BROKER_PORT: String(proxy.port), BROKER_EXCHANGE: exchange, BROKER_QUEUE: queue, RASA_ENVIRONMENT: 'colloquy-test' },
    });
  }, 60_000);
  afterEach(() => proxy.restore().catch(() => undefined));
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await consumer?.dispose();
    project.remove();
  });

  const eventsOf = (sender: string) => consumer.received.filter((m) => m.sender_id === sender);

  it('publishes every event of a 10-turn conversation, in order, as Rasa does', async () => {
    const sender = 'broker-in-order';
    const published = await expectScriptPublishedInOrder(server.url, sender, () => eventsOf(sender));
    expect(published.filter((e) => e.event === 'user').map((e) => e.text)).toEqual(SCRIPT.map((t) => t.message));
    const sample = consumer.properties.at(-1)!;
    expect(sample.appId).toBe('colloquy-test');
    expect(sample.deliveryMode).toBe(2);
  });

  it('keeps serving while the broker is away and delivers the held events once it is back', async () => {
    const sender = 'broker-restart';
    await conversationAcrossOutage({ url: server.url, sender, published: () => eventsOf(sender), stop: () => proxy.cut(), start: () => proxy.restore() });
  }, 120_000);
});
