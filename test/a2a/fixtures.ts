/**
 * A small banking assistant model and A2A config for the A2A server tests.
 */
import type { A2AServerConfig, Assistant } from '../../src/core/assistant.ts';
import type { SlotDefinition } from '../../src/core/domain.ts';
import type { Flow, Step } from '../../src/core/flows.ts';

function slot(name: string, type: SlotDefinition['type'], values?: string[]): SlotDefinition {
  return { name, type, initialValue: null, mappings: [{ type: 'from_llm' }], ...(values ? { values } : {}) };
}

function collect(slotName: string): Step {
  return {
    kind: 'collect',
    id: `collect_${slotName}`,
    next: 'END',
    collect: slotName,
    utter: `utter_ask_${slotName}`,
    askBeforeFilling: false,
    resetAfterFlowEnds: true,
    rejections: [],
    forceSlotFilling: false,
  };
}

function flow(id: string, description: string, steps: Step[], persistedSlots: string[] = []): Flow {
  return {
    id,
    name: id.replace(/_/g, ' '),
    description,
    steps,
    nluTriggers: [],
    alwaysIncludeInPrompt: false,
    persistedSlots,
    runPatternCompleted: true,
    fingerprint: `fp-${id}`,
  };
}

export function bankingAssistant(overrides: { startSessionAfterExpiry?: boolean; fingerprint?: string; extraFlow?: Flow } = {}): Assistant {
  const flows: Flow[] = [
    flow('transfer_money', 'Transfer money between the user\'s accounts', [collect('account_number'), collect('amount')]),
    flow('book_appointment', 'Book an appointment at a branch', [collect('appointment_date')], ['appointment_id']),
    flow('pattern_completed', 'Offer more help once a flow is done', []),
    flow('pattern_cannot_handle', 'Tell the user a request is out of scope', []),
    flow('pattern_chitchat', 'Answer small talk', []),
    ...(overrides.extraFlow ? [overrides.extraFlow] : []),
  ];
  return {
    root: '/tmp/a2a-test-project',
    config: { recipe: 'default.v1', language: 'en', additionalLanguages: [], assistantId: 'banking-bot', pipeline: [], policies: [] },
    domain: {
      slots: {
        account_number: slot('account_number', 'text'),
        amount: slot('amount', 'float'),
        account_type: slot('account_type', 'categorical', ['checking', 'savings']),
        appointment_date: slot('appointment_date', 'text'),
        appointment_id: slot('appointment_id', 'text'),
        vip: slot('vip', 'bool'),
      },
      responses: {},
      actions: {},
      intents: [],
      entities: [],
      session: { sessionExpirationTime: 60, carryOverSlotsToNewSession: true, startSessionAfterExpiry: overrides.startSessionAfterExpiry ?? false },
    },
    flows: Object.fromEntries(flows.map((f) => [f.id, f])),
    nlu: [],
    synonyms: [],
    endpoints: { modelGroups: [], mcpServers: [], interactionHandling: { globalSilenceTimeout: 7 }, other: {} },
    channels: [],
    subAgents: {},
    fingerprint: overrides.fingerprint ?? 'model-1',
  };
}

export function a2aConfig(overrides: Partial<A2AServerConfig> = {}): A2AServerConfig {
  return {
    description: 'Banking assistant for retail customers: transfers and appointments.',
    includeConversationRepair: true,
    taskTimeoutSeconds: 600,
    messageCacheTtlSeconds: 600,
    maxContexts: 1000,
    pushNotificationsEnabled: false,
    pushNotificationAllowedHosts: [],
    ...overrides,
  };
}

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
