/**
 * The domain as Rasa's `Domain.as_dict()` JSON: what `GET /domain` returns and what action servers
 * receive as `domain`.
 * @module
 */
import type { Domain, ResponseVariation, SlotDefinition, SlotMapping } from '../core/domain.ts';

export type DomainJson = Readonly<Record<string, unknown>>;

// Action calls send the domain every time; it only changes with the model.
const cache = new WeakMap<Domain, DomainJson>();

export function domainToJson(domain: Domain): DomainJson {
  let json = cache.get(domain);
  if (!json) cache.set(domain, (json = buildDomainJson(domain)));
  return json;
}

function buildDomainJson(domain: Domain): DomainJson {
  return {
    version: '3.1',
    config: { store_entities_as_slots: true },
    session_config: {
      session_expiration_time: domain.session.sessionExpirationTime,
      carry_over_slots_to_new_session: domain.session.carryOverSlotsToNewSession,
    },
    intents: domain.intents,
    entities: domain.entities,
    slots: Object.fromEntries(Object.values(domain.slots).map((slot) => [slot.name, slotJson(slot)])),
    responses: Object.fromEntries(
      Object.entries(domain.responses).map(([name, variations]) => [name, variations.map(variationJson)]),
    ),
    actions: Object.values(domain.actions).map((action) => (action.sendDomain ? { [action.name]: { send_domain: true } } : action.name)),
    forms: {},
    e2e_actions: [],
  };
}

function slotJson(slot: SlotDefinition): Record<string, unknown> {
  return withoutUndefined({
    type: slot.type,
    initial_value: slot.initialValue ?? null,
    influence_conversation: slot.influenceConversation ?? false,
    values: slot.values,
    min_value: slot.minValue,
    max_value: slot.maxValue,
    mappings: slot.mappings.map(mappingJson),
    description: slot.description,
    shared_for_coexistence: slot.sharedForCoexistence,
    validation: slot.validation && {
      rejections: slot.validation.rejections,
      refill_utter: slot.validation.refillUtter,
    },
  });
}

function mappingJson(mapping: SlotMapping): Record<string, unknown> {
  return withoutUndefined({
    type: mapping.type,
    allow_nlu_correction: mapping.allowNluCorrection,
    entity: mapping.entity,
    intent: mapping.intent,
    value: mapping.value,
    conditions: mapping.conditions?.map((c) => withoutUndefined({ active_flow: c.activeFlow })),
    run_action_every_turn: mapping.runActionEveryTurn,
  });
}

function variationJson(variation: ResponseVariation): Record<string, unknown> {
  return withoutUndefined({
    text: variation.text,
    buttons: variation.buttons,
    image: variation.image,
    custom: variation.custom,
    attachment: variation.attachment,
    channel: variation.channel,
    condition: variation.condition,
    id: variation.id,
    metadata: variation.metadata,
    allow_interruptions: variation.allowInterruptions,
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
