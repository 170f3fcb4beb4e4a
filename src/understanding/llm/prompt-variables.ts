/**
 * The variables command-generator prompt templates see (Rasa's names, so custom Rasa templates
 * work unchanged): available_flows, current_flow, current_slot*, flow_slots, current_conversation,
 * user_message, is_repeat_command_enabled, active_agent, completed_agents, current_datetime.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { SlotDefinition } from '../../core/domain.ts';
import type { CollectStep, Flow } from '../../core/flows.ts';
import type { ConversationState } from '../../core/state.ts';
import { conversationTranscript } from './conversation-transcript.ts';
import { collectStepsOf, dialoguePosition } from './dialogue-position.ts';
import { PyDateTime } from '../prompts/python-datetime.ts';

const MOCKED_DATETIME_SLOT = 'mocked_datetime';

export interface PromptVariableInput {
  readonly assistant: Assistant;
  readonly state: ConversationState;
  readonly userMessage: string;
  /** Flows offered to the LLM (after retrieval and guards). */
  readonly flows: readonly Flow[];
  /** Adds sub-agent details (agent_info, active_agent, completed_agents). */
  readonly agentAware: boolean;
  /** With `include_date_time`: the current time and the zone `current_datetime` is shown in. */
  readonly dateTime?: { readonly now: Date; readonly timezone: string };
}

interface AgentSummary {
  readonly name: string;
  readonly description: string;
}

export function promptVariables(input: PromptVariableInput): Record<string, unknown> {
  const { assistant, state } = input;
  const position = dialoguePosition(assistant, state.stack);
  const slotDef = position.collectSlot === undefined ? undefined : assistant.domain.slots[position.collectSlot];
  const activeAgent = input.agentAware ? activeAgentOf(input) : undefined;
  return {
    available_flows: input.flows.map((flow) => ({
      name: flow.id,
      description: flow.description,
      slots: nonEmptyOrNull(
        collectStepsOf(flow)
          .filter((step) => isExtractable(step, state))
          .map((step) => ({ name: step.collect, description: step.description ?? null, allowed_values: allowedValues(assistant.domain.slots[step.collect]) })),
      ),
      agent_info: input.agentAware ? nonEmptyOrNull(agentsStartedIn(flow.id, input)) : null,
    })),
    current_flow: position.flow?.id ?? null,
    current_slot: position.collectSlot ?? null,
    current_slot_description: position.collectStep?.description ?? slotDef?.description ?? null,
    current_slot_type: slotDef?.type ?? null,
    current_slot_allowed_values: allowedValues(slotDef),
    flow_slots: collectStepsOf(position.flow)
      .filter((step) => isExtractable(step, state, position.collectSlot))
      .map((step) => {
        const def = assistant.domain.slots[step.collect];
        return {
          name: step.collect,
          value: pythonString(state.slots[step.collect]),
          type: def?.type ?? 'any',
          allowed_values: allowedValues(def),
          description: step.description ?? def?.description ?? null,
        };
      }),
    current_conversation: conversationTranscript(state.events, input.userMessage),
    user_message: input.userMessage,
    is_repeat_command_enabled: true,
    active_agent: activeAgent ?? null,
    completed_agents: input.agentAware ? nonEmptyOrNull(completedAgents(input, activeAgent?.name)) : null,
    ...(input.dateTime ? { current_datetime: currentDateTime(input.dateTime, state) } : {}),
  };
}

/** The mocked time of e2e tests (slot `mocked_datetime`) when it holds one, else now (Rasa `resolve_datetime`). */
function currentDateTime({ now, timezone }: { now: Date; timezone: string }, state: ConversationState): PyDateTime {
  const mocked = state.slots[MOCKED_DATETIME_SLOT];
  const mockedMs = typeof mocked === 'string' ? Date.parse(mocked) : Number.NaN;
  return new PyDateTime(Number.isNaN(mockedMs) ? now.getTime() : mockedMs, timezone);
}

/**
 * Templates test lists with `{% if flow.slots %}`: false for an empty list in Jinja, but true in
 * nunjucks (JS truthiness). Empty lists that templates test are therefore passed as null.
 */
function nonEmptyOrNull<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

/** A slot may be filled now unless it is ask-before-filling and neither set nor being asked. */
function isExtractable(step: CollectStep, state: ConversationState, askedSlot?: string): boolean {
  return !step.askBeforeFilling || (state.slots[step.collect] ?? null) !== null || step.collect === askedSlot;
}

/** Rasa's rendering: `[True, False]` for bools, `['a', 'b']` for categoricals, else null. */
function allowedValues(slot: SlotDefinition | undefined): string | null {
  if (slot?.type === 'bool') return '[True, False]';
  if (slot?.type === 'categorical') return `[${(slot.values ?? []).filter((v) => v !== '__other__').map((v) => `'${v}'`).join(', ')}]`;
  return null;
}

/** Values as Python's str() shows them, so prompts read the same as Rasa's. */
function pythonString(value: unknown): string {
  if (value === null || value === undefined) return 'undefined';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function agentSummary(assistant: Assistant, agentId: string): AgentSummary {
  const agent = assistant.subAgents[agentId];
  return { name: agent?.name ?? agentId, description: agent?.description ?? '' };
}

function activeAgentOf({ assistant, state }: PromptVariableInput): AgentSummary | undefined {
  const frame = [...state.stack].reverse().find((f) => f.type === 'agent' && f.state === 'waiting_for_input');
  return frame?.type === 'agent' ? agentSummary(assistant, frame.agent_id) : undefined;
}

function completedAgents({ assistant, state }: PromptVariableInput, activeName: string | undefined): AgentSummary[] {
  const ids = new Set(state.events.flatMap((e) => (e.event === 'agent_completed' ? [e.agent_id] : [])));
  return [...ids].map((id) => agentSummary(assistant, id)).filter((agent) => agent.name !== activeName);
}

function agentsStartedIn(flowId: string, { assistant, state }: PromptVariableInput): AgentSummary[] {
  const ids = new Set(state.events.flatMap((e) => (e.event === 'agent_started' && e.flow_id === flowId ? [e.agent_id] : [])));
  return [...ids].map((id) => agentSummary(assistant, id));
}
