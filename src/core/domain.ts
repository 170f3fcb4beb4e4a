/**
 * Domain: slots, responses, actions and session settings (Rasa `domain.yml`).
 * @module
 */
import type { SourceRef } from './flows.ts';

export type SlotType = 'text' | 'bool' | 'float' | 'categorical' | 'list' | 'any';

export type SlotMappingType =
  | 'from_llm'
  | 'from_entity'
  | 'from_intent'
  | 'from_text'
  | 'from_trigger_intent'
  | 'controlled'
  | 'custom';

export interface SlotMapping {
  readonly type: SlotMappingType;
  /** `from_llm`: may overwrite NLU-filled values. */
  readonly allowNluCorrection?: boolean;
  readonly entity?: string;
  readonly intent?: string | readonly string[];
  readonly value?: unknown;
  readonly conditions?: readonly { readonly activeFlow?: string }[];
  readonly runActionEveryTurn?: string;
}

export interface SlotValidation {
  readonly rejections: readonly { readonly if: string; readonly utter: string }[];
  /** Default `utter_ask_<slot>`. */
  readonly refillUtter?: string;
}

export interface SlotDefinition {
  readonly name: string;
  readonly type: SlotType;
  readonly initialValue: unknown;
  /** Categorical values in their declared spelling. */
  readonly values?: readonly string[];
  readonly minValue?: number;
  readonly maxValue?: number;
  /** Never empty: defaults to `[{type: 'from_llm'}]`. */
  readonly mappings: readonly SlotMapping[];
  readonly validation?: SlotValidation;
  readonly description?: string;
  readonly influenceConversation?: boolean;
  readonly sharedForCoexistence?: boolean;
  /** Helper slot shipped with the default patterns. */
  readonly builtin?: boolean;
  readonly source?: SourceRef;
}

export interface ResponseButton {
  readonly title: string;
  readonly payload: string;
}

export interface ResponseVariation {
  readonly text?: string;
  readonly buttons?: readonly ResponseButton[];
  readonly image?: string;
  readonly custom?: unknown;
  readonly attachment?: unknown;
  readonly channel?: string;
  /** Predicate over `slots.*`. */
  readonly condition?: string;
  readonly id?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly allowInterruptions?: boolean;
}

export interface ActionDefinition {
  readonly name: string;
  readonly sendDomain?: boolean;
}

export interface SessionConfig {
  /** Minutes; 0 = never expires. */
  readonly sessionExpirationTime: number;
  readonly carryOverSlotsToNewSession: boolean;
  readonly startSessionAfterExpiry: boolean;
}

export interface Domain {
  readonly slots: Readonly<Record<string, SlotDefinition>>;
  readonly responses: Readonly<Record<string, readonly ResponseVariation[]>>;
  readonly actions: Readonly<Record<string, ActionDefinition>>;
  readonly intents: readonly string[];
  readonly entities: readonly string[];
  readonly session: SessionConfig;
}
