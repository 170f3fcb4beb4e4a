/**
 * A small hand-built Assistant for understanding tests (no project files needed).
 * @module
 */
import type { Assistant, ModelGroup, PipelineComponent, SubAgentConfig } from '../../core/assistant.ts';
import type { SlotDefinition, SlotType } from '../../core/domain.ts';
import type { CollectStep, Flow, Step } from '../../core/flows.ts';
import { emptyConversationState, type ConversationState } from '../../core/state.ts';
import type { DialogueStack } from '../../core/stack.ts';
import type { Event } from '../../core/events.ts';

export interface TestFlowSpec {
  readonly id: string;
  readonly name?: string;
  readonly description: string;
  readonly collects?: readonly (string | { readonly slot: string; readonly description?: string; readonly askBeforeFilling?: boolean })[];
  readonly guard?: string | boolean;
  readonly alwaysIncludeInPrompt?: boolean;
}

export interface TestAssistantSpec {
  readonly flows: readonly TestFlowSpec[];
  readonly slots?: Readonly<Record<string, { readonly type: SlotType; readonly values?: readonly string[] }>>;
  readonly modelGroups?: readonly ModelGroup[];
  readonly pipeline?: readonly PipelineComponent[];
  readonly subAgents?: Readonly<Record<string, SubAgentConfig>>;
  readonly root?: string;
  readonly fingerprint?: string;
}

export function testAssistant(spec: TestAssistantSpec): Assistant {
  const flows: Record<string, Flow> = {};
  for (const f of [...spec.flows, { id: 'pattern_collect_information', description: 'collect' }]) flows[f.id] = testFlow(f);
  const slots: Record<string, SlotDefinition> = {};
  for (const [name, s] of Object.entries(spec.slots ?? {})) {
    slots[name] = { name, type: s.type, initialValue: null, values: s.values, mappings: [{ type: 'from_llm' }] };
  }
  return {
    root: spec.root ?? '/tmp/test-project',
    config: { recipe: 'default.v1', language: 'en', additionalLanguages: [], assistantId: 'test', pipeline: spec.pipeline ?? [], policies: [] },
    domain: {
      slots,
      responses: {},
      actions: {},
      intents: [],
      entities: [],
      session: { sessionExpirationTime: 60, carryOverSlotsToNewSession: true, startSessionAfterExpiry: false },
    },
    flows,
    nlu: [],
    synonyms: [],
    endpoints: { modelGroups: spec.modelGroups ?? [], mcpServers: [], interactionHandling: { globalSilenceTimeout: 7 }, other: {} },
    channels: [],
    subAgents: spec.subAgents ?? {},
    fingerprint: spec.fingerprint ?? `fp-${spec.flows.map((f) => f.id).join('-')}`,
  };
}

function testFlow(spec: TestFlowSpec): Flow {
  const steps: Step[] = (spec.collects ?? []).map((c, i): CollectStep => {
    const collect = typeof c === 'string' ? { slot: c } : c;
    return {
      kind: 'collect',
      id: `${spec.id}_${i}_collect_${collect.slot}`,
      next: 'END',
      collect: collect.slot,
      utter: `utter_ask_${collect.slot}`,
      askBeforeFilling: collect.askBeforeFilling ?? false,
      resetAfterFlowEnds: true,
      rejections: [],
      forceSlotFilling: false,
      description: collect.description,
    };
  });
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    description: spec.description,
    steps,
    guard: spec.guard,
    nluTriggers: [],
    alwaysIncludeInPrompt: spec.alwaysIncludeInPrompt ?? false,
    persistedSlots: [],
    runPatternCompleted: true,
    fingerprint: `fp-${spec.id}`,
  };
}

export function testState(overrides: { slots?: Record<string, unknown>; stack?: DialogueStack; events?: readonly Event[] } = {}): ConversationState {
  return { ...emptyConversationState('tester', overrides.slots ?? {}), stack: overrides.stack ?? [], events: overrides.events ?? [] };
}
