/**
 * Startup health check of one A2A sub-agent: load the card, build the client and (mode `message`,
 * as Rasa) send a "hello" message; any Message or Task reply counts as healthy.
 * @module
 */
import { Role } from '@a2a-js/sdk';
import type { A2aConnection } from './a2a-connection.ts';
import { describeError } from './a2a-errors.ts';
import { ACCEPTED_OUTPUT_MODES, isSettled } from './follow-task.ts';

export type HealthCheckMode = 'message' | 'card';

export interface AgentHealth {
  readonly agentId: string;
  readonly ok: boolean;
  /** Card file or URL. */
  readonly card?: string;
  readonly transport?: string;
  readonly protocolVersion?: string;
  readonly url?: string;
  readonly streaming?: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface AgentHealthReport {
  readonly ok: boolean;
  readonly agents: readonly AgentHealth[];
}

async function sayHello(connection: A2aConnection, messageId: string): Promise<void> {
  const message = { messageId, contextId: '', taskId: '', role: Role.ROLE_USER, parts: [{ content: { $case: 'text' as const, value: 'hello' }, metadata: undefined, filename: '', mediaType: 'text/plain' }], metadata: undefined, extensions: [], referenceTaskIds: [] };
  const reply = await connection.client.sendMessage({
    tenant: '',
    message,
    configuration: { acceptedOutputModes: ACCEPTED_OUTPUT_MODES, taskPushNotificationConfig: undefined, returnImmediately: true },
    metadata: undefined,
  });
  if ('messageId' in reply) return;
  if (!reply.id) throw new Error('the agent answered neither a Message nor a Task');
  // The probe's task is of no use: do not leave it running on the agent.
  if (!isSettled(reply)) await connection.client.cancelTask({ tenant: '', id: reply.id, metadata: undefined }).catch(() => undefined);
}

export async function checkAgent(agentId: string, connect: () => Promise<A2aConnection>, mode: HealthCheckMode, newId: () => string): Promise<AgentHealth> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let connection: A2aConnection;
  try {
    connection = await connect();
  } catch (error) {
    return { agentId, ok: false, ms: ms(), error: describeError(error) };
  }
  const about = { agentId, card: connection.card.source, transport: connection.transport, protocolVersion: connection.protocolVersion, url: connection.url, streaming: connection.streaming };
  try {
    if (mode === 'message') await sayHello(connection, newId());
    return { ...about, ok: true, ms: ms() };
  } catch (error) {
    return { ...about, ok: false, ms: ms(), error: describeError(error) };
  }
}
