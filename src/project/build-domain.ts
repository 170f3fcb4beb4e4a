/**
 * Builds the Domain from the default-patterns file and every project domain file, merged in
 * order: defaults first, project files override by name.
 * @module
 */
import type { z } from 'zod';
import type { ActionDefinition, Domain, ResponseVariation, SessionConfig, SlotDefinition, SlotMapping } from '../core/domain.ts';
import { checkSchema } from './schema-check.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { namedListSchema, responseSchema, sessionConfigSchema, slotSchema } from './schemas/domain-schema.ts';
import { sourceRefOf } from './source-ref.ts';
import { describeValue, quoteList } from './wording.ts';

/** One file's domain sections, as parsed YAML. */
export interface DomainPart {
  readonly origin: Origin;
  readonly builtin: boolean;
  readonly sections: Readonly<Record<string, unknown>>;
}

/** Where each named domain item was declared, for later diagnostics. */
export interface DomainOrigins {
  readonly slots: Map<string, Origin>;
  readonly responses: Map<string, Origin>;
  readonly actions: Map<string, Origin>;
  startSessionAfterExpiry?: Origin;
}

export const SESSION_DEFAULTS: SessionConfig = { sessionExpirationTime: 60, carryOverSlotsToNewSession: true, startSessionAfterExpiry: false };

export function buildDomain(parts: readonly DomainPart[], report: Reporter): { domain: Domain; origins: DomainOrigins } {
  const slots: Record<string, SlotDefinition> = {};
  const responses: Record<string, readonly ResponseVariation[]> = {};
  const actions: Record<string, ActionDefinition> = {};
  const intents = new Set<string>();
  const entities = new Set<string>();
  let session = SESSION_DEFAULTS;
  const origins: DomainOrigins = { slots: new Map(), responses: new Map(), actions: new Map() };
  const projectDefined = { slots: new Set<string>(), responses: new Set<string>() };

  for (const part of parts) {
    const { sections } = part;
    eachEntry(sections.slots, childOf(part.origin, 'slots'), report, 'slots', (name, raw, at) => {
      if (!part.builtin) warnDuplicate(projectDefined.slots, name, at, report, 'slot');
      // An invalid slot still counts as declared, so flows using it do not add follow-up errors.
      slots[name] = buildSlot(name, raw, at, report, part.builtin) ?? { name, type: 'any', initialValue: null, mappings: [{ type: 'from_llm' }] };
      origins.slots.set(name, at);
    });
    eachEntry(sections.responses, childOf(part.origin, 'responses'), report, 'responses', (name, raw, at) => {
      if (!part.builtin) warnDuplicate(projectDefined.responses, name, at, report, 'response');
      const variations = checkSchema(responseSchema, raw, at, report, 'domain.response');
      responses[name] = variations ? variations.map((v, i) => buildVariation(v, childOf(at, i), report)) : [];
      origins.responses.set(name, at);
    });
    for (const { name, options, at } of namedItems(sections.actions, childOf(part.origin, 'actions'), report)) {
      actions[name] = { name, ...(options.send_domain === true ? { sendDomain: true } : {}) };
      origins.actions.set(name, at);
    }
    for (const { name } of namedItems(sections.intents, childOf(part.origin, 'intents'), report)) intents.add(name);
    for (const { name } of namedItems(sections.entities, childOf(part.origin, 'entities'), report)) entities.add(name);
    if (sections.forms !== undefined) {
      report.warning('domain.forms_unsupported', childOf(part.origin, 'forms'), 'forms are not supported by CALM assistants (ignored).', 'Rewrite each form as a flow with collect steps.', { mode: 'key' });
    }
    if (sections.session_config != null) {
      const at = childOf(part.origin, 'session_config');
      const raw = checkSchema(sessionConfigSchema, sections.session_config, at, report, 'domain.session_config');
      if (raw) {
        session = {
          sessionExpirationTime: raw.session_expiration_time ?? session.sessionExpirationTime,
          carryOverSlotsToNewSession: raw.carry_over_slots_to_new_session ?? session.carryOverSlotsToNewSession,
          startSessionAfterExpiry: raw.start_session_after_expiry ?? session.startSessionAfterExpiry,
        };
        if (raw.start_session_after_expiry !== undefined) origins.startSessionAfterExpiry = childOf(at, 'start_session_after_expiry');
      }
    }
  }
  return { domain: { slots, responses, actions, intents: [...intents], entities: [...entities], session }, origins };
}

function warnDuplicate(seen: Set<string>, name: string, at: Origin, report: Reporter, kind: string): void {
  if (seen.has(name)) {
    report.warning(`domain.duplicate_${kind}`, at, `${kind} '${name}' is defined more than once; this definition wins.`, `Keep one definition of '${name}'.`, { mode: 'key' });
  }
  seen.add(name);
}

/** Calls `fn` for each `name: value` of a map section; reports a section that is not a map. */
function eachEntry(section: unknown, at: Origin, report: Reporter, label: string, fn: (name: string, raw: unknown, at: Origin) => void): void {
  if (section == null) return;
  if (typeof section !== 'object' || Array.isArray(section)) {
    report.error('domain.schema', at, `'${label}' must be a map (name: definition), got ${describeValue(section)}.`, `Write each entry as '<name>:' under '${label}:'.`);
    return;
  }
  for (const [name, raw] of Object.entries(section)) fn(name, raw, childOf(at, name));
}

function namedItems(section: unknown, at: Origin, report: Reporter): { name: string; options: Record<string, unknown>; at: Origin }[] {
  if (section == null) return [];
  const list = checkSchema(namedListSchema, section, at, report, 'domain.schema');
  if (!list) return [];
  return list.flatMap((item, i) => {
    if (typeof item === 'string') return [{ name: item, options: {}, at: childOf(at, i) }];
    return Object.entries(item).map(([name, options]) => ({
      name,
      options: options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {},
      at: childOf(at, i, name),
    }));
  });
}

function buildSlot(name: string, raw: unknown, at: Origin, report: Reporter, builtin: boolean): SlotDefinition | undefined {
  const s = checkSchema(slotSchema, raw ?? {}, at, report, 'domain.slot');
  if (!s) return undefined;
  const values = s.values?.map(String);
  if (s.type === 'categorical' && (!values || values.length === 0)) {
    report.error('domain.slot.categorical_without_values', at, `categorical slot '${name}' has no 'values'.`, `List the allowed values under 'values:'.`, { mode: 'key' });
  }
  checkInitialValue(name, s, values, childOf(at, 'initial_value'), report);
  const mappings: SlotMapping[] = s.mappings?.length ? s.mappings.map(buildMapping) : [{ type: 'from_llm' }];
  return {
    name,
    type: s.type,
    initialValue: s.initial_value ?? null,
    ...(values ? { values } : {}),
    ...(s.min_value !== undefined ? { minValue: s.min_value } : {}),
    ...(s.max_value !== undefined ? { maxValue: s.max_value } : {}),
    mappings,
    ...(s.validation
      ? { validation: { rejections: s.validation.rejections ?? [], ...(s.validation.refill_utter ? { refillUtter: s.validation.refill_utter } : {}) } }
      : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.influence_conversation !== undefined ? { influenceConversation: s.influence_conversation } : {}),
    ...(s.shared_for_coexistence !== undefined ? { sharedForCoexistence: s.shared_for_coexistence } : {}),
    ...(builtin ? { builtin: true } : {}),
    source: sourceRefOf(at),
  };
}

function checkInitialValue(name: string, s: z.output<typeof slotSchema>, values: string[] | undefined, at: Origin, report: Reporter): void {
  const v = s.initial_value;
  if (v === undefined || v === null) return;
  const ok =
    s.type === 'bool' ? typeof v === 'boolean' :
    s.type === 'float' ? typeof v === 'number' :
    s.type === 'text' ? typeof v === 'string' :
    s.type === 'list' ? Array.isArray(v) :
    s.type === 'categorical' ? values?.some((c) => c.toLowerCase() === String(v).toLowerCase()) ?? true :
    true;
  if (ok) return;
  const expected = s.type === 'categorical' ? `one of ${quoteList(values ?? [])}` : `a ${s.type} value`;
  const problem = `initial value ${describeValue(v)} of slot '${name}' does not fit its type '${s.type}'`;
  const fix = `Use ${expected}, or remove 'initial_value'.`;
  // Rasa keeps any initial value as written, except a float slot's, which it compares with its range and fails on.
  if (s.type === 'float') report.error('domain.slot.bad_initial_value', at, `${problem}.`, fix);
  else report.warning('domain.slot.bad_initial_value', at, `${problem}; it is kept as written, as Rasa does.`, fix);
}

type RawMapping = NonNullable<z.output<typeof slotSchema>['mappings']>[number];

function buildMapping(full: RawMapping): SlotMapping {
  return {
    type: full.type,
    ...(full.allow_nlu_correction !== undefined ? { allowNluCorrection: full.allow_nlu_correction } : {}),
    ...(full.entity !== undefined ? { entity: full.entity } : {}),
    ...(full.intent !== undefined ? { intent: full.intent } : {}),
    ...(full.value !== undefined ? { value: full.value } : {}),
    ...(full.conditions ? { conditions: full.conditions.map((c) => (c.active_flow ? { activeFlow: c.active_flow } : {})) } : {}),
    ...(full.run_action_every_turn !== undefined ? { runActionEveryTurn: full.run_action_every_turn } : {}),
  };
}

type RawVariation = z.output<typeof responseSchema>[number];

function buildVariation(v: RawVariation, at: Origin, report: Reporter): ResponseVariation {
  let condition: string | undefined;
  if (Array.isArray(v.condition)) {
    report.warning('domain.response.legacy_condition', childOf(at, 'condition'), 'the list form of response conditions is deprecated.', 'Write a predicate instead, e.g. condition: slots.logged_in = true.');
    condition = v.condition.map((c) => `slots.${c.name} = ${JSON.stringify(c.value ?? null)}`).join(' and ');
  } else {
    condition = v.condition;
  }
  return {
    ...(v.text !== undefined ? { text: String(v.text) } : {}),
    ...(v.buttons ? { buttons: v.buttons.map((b) => ({ title: b.title, payload: b.payload })) } : {}),
    ...(v.image !== undefined ? { image: v.image } : {}),
    ...(v.custom !== undefined ? { custom: v.custom } : {}),
    ...(v.attachment !== undefined ? { attachment: v.attachment } : {}),
    ...(v.channel !== undefined ? { channel: v.channel } : {}),
    ...(condition !== undefined ? { condition } : {}),
    ...(v.id !== undefined ? { id: v.id } : {}),
    ...(v.metadata ? { metadata: v.metadata } : {}),
    ...(v.allow_interruptions !== undefined ? { allowInterruptions: v.allow_interruptions } : {}),
  };
}
