/**
 * A hand-built Assistant mirroring examples/starter (transfer money, check balance, add and list
 * contacts) for tests and the accuracy bench, independent of the project loader.
 * @module
 */
import type { Assistant, NluExamples, NluSynonym } from '../../../core/assistant.ts';
import type { SlotDefinition, SlotType } from '../../../core/domain.ts';
import type { CollectStep, Flow, Step } from '../../../core/flows.ts';

interface SlotSpec {
  readonly type: SlotType;
  readonly description?: string;
  readonly values?: readonly string[];
}

export interface BankAssistantExtras {
  readonly nlu?: readonly NluExamples[];
  readonly synonyms?: readonly NluSynonym[];
  readonly flows?: readonly Flow[];
  readonly slots?: Readonly<Record<string, SlotSpec>>;
}

export function collect(slot: string, description?: string): CollectStep {
  return {
    kind: 'collect',
    id: `collect_${slot}`,
    next: 'END',
    collect: slot,
    utter: `utter_ask_${slot}`,
    askBeforeFilling: false,
    resetAfterFlowEnds: true,
    rejections: [],
    forceSlotFilling: false,
    ...(description ? { description } : {}),
  };
}

export function flow(id: string, description: string, steps: readonly Step[], extra: Partial<Flow> = {}): Flow {
  return {
    id,
    name: id,
    description,
    steps,
    nluTriggers: [],
    alwaysIncludeInPrompt: false,
    persistedSlots: [],
    runPatternCompleted: true,
    fingerprint: id,
    ...extra,
  };
}

const SLOTS: Readonly<Record<string, SlotSpec>> = {
  recipient: { type: 'text' },
  amount: { type: 'float' },
  confirm_transfer: { type: 'bool' },
  balance: { type: 'float' },
  contact_handle: { type: 'text' },
  contact_name: { type: 'text' },
  confirm_contact: { type: 'bool' },
  continue_interrupted_flow_confirmation: { type: 'bool' },
  interrupted_flow_to_continue: { type: 'text' },
  confirm_correction: { type: 'bool' },
};

// Names, descriptions and NLU data as in examples/starter.
const FLOWS: readonly Flow[] = [
  flow(
    'transfer_money',
    "Send money from the user's account to another person, for example a friend or a contact.",
    [
      collect('recipient', 'the name or handle of the person who receives the money'),
      collect('amount', 'how much money to send, a number greater than zero'),
      collect('confirm_transfer', 'true if the user confirms the transfer, false if not'),
    ],
    { name: 'transfer money' },
  ),
  flow('check_balance', 'Tell the user how much money is in their account right now.', [], {
    name: 'check balance',
    nluTriggers: [{ intent: 'check_balance', confidenceThreshold: 0.8 }],
  }),
  flow(
    'add_contact',
    'Save a new contact (a person the user can send money to) with a name and a handle.',
    [
      collect('contact_handle', 'the handle of the contact, such as @alice'),
      collect('contact_name', 'the name of the contact, such as Alice'),
      collect('confirm_contact', 'true if the user confirms adding the contact, false if not'),
    ],
    { name: 'add a contact' },
  ),
  flow('list_contacts', 'Show the user the contacts they have saved.', [], { name: 'list contacts' }),
  flow('pattern_continue_interrupted', 'Continue an interrupted flow.', [collect('continue_interrupted_flow_confirmation')]),
  flow('pattern_collect_information', 'Collect a slot.', []),
];

const STARTER_NLU: readonly NluExamples[] = [
  {
    intent: 'check_balance',
    examples: ['what is my balance', 'how much money do I have', 'show me my account balance', 'check my balance', 'how much is in my account'],
  },
];

export function bankAssistant(extras: BankAssistantExtras = {}): Assistant {
  const slotSpecs = { ...SLOTS, ...extras.slots };
  const slots: Record<string, SlotDefinition> = Object.fromEntries(
    Object.entries(slotSpecs).map(([name, spec]) => [
      name,
      { name, type: spec.type, initialValue: null, mappings: [{ type: 'from_llm' }], description: spec.description, values: spec.values },
    ]),
  );
  const flows = [...FLOWS, ...(extras.flows ?? [])];
  return {
    root: '/bank',
    config: { recipe: 'default.v1', language: 'en', additionalLanguages: [], assistantId: 'bank', pipeline: [], policies: [] },
    domain: {
      slots,
      responses: {},
      actions: {},
      intents: ['check_balance'],
      entities: [],
      session: { sessionExpirationTime: 60, carryOverSlotsToNewSession: true, startSessionAfterExpiry: false },
    },
    flows: Object.fromEntries(flows.map((f) => [f.id, f])),
    nlu: extras.nlu ?? STARTER_NLU,
    synonyms: extras.synonyms ?? [],
    endpoints: { modelGroups: [], mcpServers: [], interactionHandling: { globalSilenceTimeout: 7 }, other: {} },
    channels: [],
    subAgents: {},
    fingerprint: 'bank-fixture',
  };
}
