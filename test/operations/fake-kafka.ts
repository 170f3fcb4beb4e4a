/**
 * A protocol-level fake Kafka broker for the Kafka event broker's tests (no Kafka can run here):
 * one node on 127.0.0.1 speaking the subset of the wire protocol a kafkajs producer uses —
 * ApiVersions v0–2, Metadata v0 (topics created on first use), Produce v3 with v2 record batches
 * (decoded, so tests assert the messages, keys and partitions), and SaslHandshake v1 +
 * SaslAuthenticate v0 with PLAIN when credentials are set. Its log survives `stop()`/`start()`
 * (a broker restart on the same port).
 * @module
 */
import net from 'node:net';

export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string;
}

export interface FakeKafka {
  readonly port: number;
  /** Every record stored, in the order the broker appended them. */
  readonly records: readonly KafkaRecord[];
  /** Client ids seen in request headers. */
  readonly clientIds: ReadonlySet<string>;
  /** Resets every connection and stops listening (the log is kept). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const API = { Produce: 0, Metadata: 3, SaslHandshake: 17, ApiVersions: 18, SaslAuthenticate: 36 } as const;
const SUPPORTED: readonly (readonly [number, number, number])[] = [
  [API.Produce, 3, 3],
  [API.Metadata, 0, 0],
  [API.SaslHandshake, 0, 1],
  [API.ApiVersions, 0, 2],
  [API.SaslAuthenticate, 0, 0],
];
const ERROR = { none: 0, unsupportedVersion: 35, illegalSaslState: 34, unsupportedSaslMechanism: 33, saslAuthenticationFailed: 58 } as const;

class Reader {
  #at = 0;
  constructor(readonly buffer: Buffer) {}
  get done(): boolean {
    return this.#at >= this.buffer.length;
  }
  int8 = () => this.buffer.readInt8(this.#take(1));
  int16 = () => this.buffer.readInt16BE(this.#take(2));
  int32 = () => this.buffer.readInt32BE(this.#take(4));
  int64 = () => Number(this.buffer.readBigInt64BE(this.#take(8)));
  string(): string | null {
    const length = this.int16();
    return length < 0 ? null : this.buffer.toString('utf8', this.#take(length), this.#at);
  }
  bytes(length = this.int32()): Buffer | null {
    return length < 0 ? null : this.buffer.subarray(this.#take(length), this.#at);
  }
  array<T>(item: () => T): T[] {
    const count = this.int32();
    return Array.from({ length: Math.max(count, 0) }, item);
  }
  /** Zigzag varint (record fields). */
  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer[this.#take(1)]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  #take(length: number): number {
    const at = this.#at;
    if (at + length > this.buffer.length) throw new Error('fake kafka: truncated request');
    this.#at += length;
    return at;
  }
}

class Writer {
  readonly #parts: Buffer[] = [];
  #fixed(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size);
    write(b);
    this.#parts.push(b);
    return this;
  }
  int16 = (v: number) => this.#fixed(2, (b) => b.writeInt16BE(v));
  int32 = (v: number) => this.#fixed(4, (b) => b.writeInt32BE(v));
  int64 = (v: number) => this.#fixed(8, (b) => b.writeBigInt64BE(BigInt(v)));
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const b = Buffer.from(v);
    this.int16(b.length);
    this.#parts.push(b);
    return this;
  }
  bytes(v: Buffer): this {
    this.int32(v.length);
    this.#parts.push(v);
    return this;
  }
  array<T>(items: readonly T[], write: (w: Writer, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }
  get buffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** The records of one v2 record batch (uncompressed, as kafkajs sends them by default). */
function decodeRecordBatch(batch: Reader): { key: string | null; value: string }[] {
  batch.int64(); // base offset
  batch.int32(); // batch length
  batch.int32(); // partition leader epoch
  const magic = batch.int8();
  if (magic !== 2) throw new Error(`fake kafka: record batch magic ${magic}, expected 2`);
  batch.int32(); // crc
  const attributes = batch.int16();
  if ((attributes & 0x07) !== 0) throw new Error('fake kafka: compressed batches are not decoded');
  batch.int32(); // last offset delta
  batch.int64(); // first timestamp
  batch.int64(); // max timestamp
  batch.int64(); // producer id
  batch.int16(); // producer epoch
  batch.int32(); // base sequence
  return batch.array(() => {
    batch.varint(); // record length
    batch.int8(); // attributes
    batch.varint(); // timestamp delta
    batch.varint(); // offset delta
    const key = batch.bytes(batch.varint());
    const value = batch.bytes(batch.varint());
    for (let headers = batch.varint(); headers > 0; headers--) {
      batch.bytes(batch.varint());
      batch.bytes(batch.varint());
    }
    return { key: key?.toString() ?? null, value: value?.toString() ?? '' };
  });
}

export async function startFakeKafka(options: { readonly partitions?: number; readonly sasl?: { readonly username: string; readonly password: string } } = {}): Promise<FakeKafka> {
  const partitions = options.partitions ?? 3;
  const records: KafkaRecord[] = [];
  const clientIds = new Set<string>();
  const topics = new Set<string>();
  const sockets = new Set<net.Socket>();
  let port = 0;

  function handle(apiKey: number, version: number, body: Reader, session: { authenticated: boolean }): Writer {
    const out = new Writer();
    if (!SUPPORTED.some(([key, min, max]) => key === apiKey && version >= min && version <= max)) {
      // An ApiVersions error reply is what makes kafkajs try an older version.
      return apiKey === API.ApiVersions ? out.int16(ERROR.unsupportedVersion).array([], () => undefined) : out.int16(ERROR.unsupportedVersion);
    }
    if (options.sasl && !session.authenticated && apiKey !== API.ApiVersions && apiKey !== API.SaslHandshake && apiKey !== API.SaslAuthenticate) {
      throw new Error(`fake kafka: api ${apiKey} before SASL authentication`);
    }
    switch (apiKey) {
      case API.ApiVersions:
        out.int16(ERROR.none).array(SUPPORTED, (w, [key, min, max]) => w.int16(key).int16(min).int16(max));
        return version >= 1 ? out.int32(0) : out;
      case API.Metadata: {
        const requested = body.array(() => body.string()!);
        for (const topic of requested) topics.add(topic);
        return out
          .array([0], (w) => w.int32(0).string('127.0.0.1').int32(port))
          .array(requested.length > 0 ? requested : [...topics], (w, topic) =>
            w
              .int16(ERROR.none)
              .string(topic)
              .array([...Array(partitions).keys()], (p, id) => p.int16(ERROR.none).int32(id).int32(0).array([0], (r) => r.int32(0)).array([0], (r) => r.int32(0))),
          );
      }
      case API.Produce: {
        body.string(); // transactional id
        body.int16(); // acks
        body.int32(); // timeout
        const results = body.array(() => {
          const topic = body.string()!;
          const appended = body.array(() => {
            const partition = body.int32();
            const batches = new Reader(body.bytes() ?? Buffer.alloc(0));
            const baseOffset = records.filter((r) => r.topic === topic && r.partition === partition).length;
            let offset = baseOffset;
            while (!batches.done) for (const record of decodeRecordBatch(batches)) records.push({ topic, partition, offset: offset++, ...record });
            return { partition, baseOffset };
          });
          return { topic, appended };
        });
        return out
          .array(results, (w, { topic, appended }) => w.string(topic).array(appended, (p, { partition, baseOffset }) => p.int32(partition).int16(ERROR.none).int64(baseOffset).int64(-1)))
          .int32(0);
      }
      case API.SaslHandshake: {
        const mechanism = body.string();
        return out.int16(mechanism === 'PLAIN' ? ERROR.none : ERROR.unsupportedSaslMechanism).array(['PLAIN'], (w, m) => w.string(m));
      }
      case API.SaslAuthenticate: {
        // PLAIN: authzid \0 username \0 password
        const [, username, password] = (body.bytes() ?? Buffer.alloc(0)).toString().split('\0');
        const ok = options.sasl !== undefined && username === options.sasl.username && password === options.sasl.password;
        session.authenticated = ok;
        return out.int16(ok ? ERROR.none : ERROR.saslAuthenticationFailed).string(ok ? null : 'Authentication failed: invalid credentials').bytes(Buffer.alloc(0));
      }
      default:
        throw new Error(`fake kafka: api ${apiKey}`);
    }
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const session = { authenticated: !options.sasl };
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = new Reader(pending.subarray(4, 4 + pending.readInt32BE(0)));
        pending = pending.subarray(4 + frame.buffer.length);
        const [apiKey, version, correlationId] = [frame.int16(), frame.int16(), frame.int32()];
        const clientId = frame.string();
        if (clientId) clientIds.add(clientId);
        try {
          const payload = Buffer.concat([new Writer().int32(correlationId).buffer, handle(apiKey, version, frame, session).buffer]);
          socket.write(new Writer().bytes(payload).buffer);
        } catch {
          socket.destroy();
          return;
        }
      }
    });
  });
  const listen = (at: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(at, '127.0.0.1', () => resolve()));
  await listen(0);
  port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    for (const socket of sockets) socket.resetAndDestroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, records, clientIds, stop, start: () => listen(port), close: stop };
}
