/**
 * A settled A2A reply → `AgentOutput` (Rasa's `A2AAgent._handle_task`): a Message or an
 * input-required task keeps the agent in control; completed returns text and structured results;
 * failed, rejected, canceled and auth-required end the agent with a fatal error.
 * @module
 */
import { TaskState, type Task } from '@a2a-js/sdk';
import type { AgentInput, AgentOutput } from '../../../core/agent-io.ts';
import { CONTEXT_ID_KEY, partsText, structuredResults, TASK_ID_KEY, taskText } from './a2a-message-codec.ts';
import type { Reply } from './follow-task.ts';

/** Frame keys the engine sets itself; the rest of the frame metadata is carried on. */
const ENGINE_KEYS = new Set(['agent_response', 'structured_results', 'exit_if', CONTEXT_ID_KEY, TASK_ID_KEY]);

const STATE_NAMES: Partial<Record<TaskState, string>> = {
  [TaskState.TASK_STATE_FAILED]: 'failed',
  [TaskState.TASK_STATE_CANCELED]: 'canceled',
  [TaskState.TASK_STATE_REJECTED]: 'rejected',
  [TaskState.TASK_STATE_AUTH_REQUIRED]: 'auth-required',
};

function carried(input: AgentInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input.metadata).filter(([k]) => !ENGINE_KEYS.has(k)));
}

function previousResults(input: AgentInput): unknown[] {
  const previous = input.metadata.structured_results;
  return Array.isArray(previous) ? previous : [];
}

function taskOutput(agentId: string, input: AgentInput, task: Task): AgentOutput {
  const metadata = { ...carried(input), [CONTEXT_ID_KEY]: task.contextId, [TASK_ID_KEY]: task.id };
  const state = task.status?.state;
  if (state === TaskState.TASK_STATE_INPUT_REQUIRED) {
    return { id: input.id, status: 'input_required', response_message: partsText(task.status?.message?.parts), metadata };
  }
  if (state === TaskState.TASK_STATE_COMPLETED) {
    const text = taskText(task);
    return {
      id: input.id,
      status: 'completed',
      ...(text ? { response_message: text } : {}),
      structured_results: [...previousResults(input), structuredResults(agentId, task)],
      metadata,
    };
  }
  const name = (state !== undefined && STATE_NAMES[state]) || `state ${state ?? 'missing'}`;
  const reason = partsText(task.status?.message?.parts);
  return { id: input.id, status: 'fatal_error', error_message: `agent '${agentId}' task ${task.id} ended ${name}${reason ? `: ${reason}` : ''}`, metadata };
}

export function replyToOutput(agentId: string, input: AgentInput, reply: Reply): AgentOutput {
  if (reply.kind === 'task') return taskOutput(agentId, input, reply.task);
  const { message } = reply;
  const metadata: Record<string, unknown> = { ...carried(input) };
  const contextId = message.contextId || input.metadata[CONTEXT_ID_KEY];
  if (contextId) metadata[CONTEXT_ID_KEY] = contextId;
  if (message.taskId) metadata[TASK_ID_KEY] = message.taskId;
  return { id: input.id, status: 'input_required', response_message: partsText(message.parts), metadata };
}
