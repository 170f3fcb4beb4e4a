/**
 * Flows and steps as loaded from `data/**.yml` (Rasa Pro flow schema).
 * Plain data: the project loader builds these, the executor reads them.
 * @module
 */

/** A `next` target: a step id, `END`, or a list of conditional branches. */
export type NextSpec = string | readonly NextBranch[];

/** `- if: <pred>  then: <id | steps>` or `- else: <id | steps>`; inline steps are flattened by the loader into generated step ids. */
export type NextBranch =
  | { readonly if: string | boolean; readonly then: string }
  | { readonly else: string };

export interface StepBase {
  /** Step id: explicit `id`, or generated `<flow_id>_<index>_<kind>` (inline steps included). */
  readonly id: string;
  /** Resolved next: a step id, `END`, or branches. `undefined` means "the following step in the list", already resolved by the loader. */
  readonly next: NextSpec;
  /** Where the step was declared, for errors and coverage. */
  readonly source?: SourceRef;
}

export interface Rejection {
  readonly if: string;
  readonly utter: string;
}

export interface CollectStep extends StepBase {
  readonly kind: 'collect';
  readonly collect: string;
  /** Response to utter; default `utter_ask_<slot>`. */
  readonly utter: string;
  /** `action_ask_<slot>` when the domain declares it. */
  readonly collectAction?: string;
  readonly askBeforeFilling: boolean;
  readonly resetAfterFlowEnds: boolean;
  readonly rejections: readonly Rejection[];
  readonly forceSlotFilling: boolean;
  readonly description?: string;
  readonly silenceTimeout?: number | Readonly<Record<string, number>>;
}

export interface ActionStep extends StepBase {
  readonly kind: 'action';
  /** Action or response name; may contain Jinja (`{{ context.x }}`). */
  readonly action: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface SetSlotsStep extends StepBase {
  readonly kind: 'set_slots';
  readonly slots: readonly { readonly name: string; readonly value: unknown }[];
  readonly resetAfterFlowEnds: boolean;
}

export interface LinkStep extends StepBase {
  readonly kind: 'link';
  readonly link: string;
}

/** `call: <flow>` — a child flow that returns to the caller. */
export interface CallFlowStep extends StepBase {
  readonly kind: 'call_flow';
  readonly call: string;
}

/** `call: <agent>` — a sub-agent (ReAct or A2A) runs until it completes or every `exit_if` holds. */
export interface CallAgentStep extends StepBase {
  readonly kind: 'call_agent';
  readonly call: string;
  readonly exitIf: readonly string[];
}

export interface ToolMapping {
  readonly input: readonly { readonly param: string; readonly slot: string }[];
  readonly output: readonly { readonly slot: string; readonly value: string }[];
}

/** `call: <tool>` with `mcp_server` and `mapping` — a direct MCP tool call. */
export interface CallToolStep extends StepBase {
  readonly kind: 'call_tool';
  readonly call: string;
  readonly mcpServer: string;
  readonly mapping: ToolMapping;
}

export interface NoopStep extends StepBase {
  readonly kind: 'noop';
}

export type Step =
  | CollectStep
  | ActionStep
  | SetSlotsStep
  | LinkStep
  | CallFlowStep
  | CallAgentStep
  | CallToolStep
  | NoopStep;

export type StepKind = Step['kind'];

export interface NluTrigger {
  readonly intent: string;
  readonly confidenceThreshold: number;
}

export interface Flow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Steps in declaration order, inline `next` steps flattened after their parent. The first is the start step. */
  readonly steps: readonly Step[];
  /** Flow guard; `false` = startable only through link/call. */
  readonly guard?: string | boolean;
  readonly nluTriggers: readonly NluTrigger[];
  readonly alwaysIncludeInPrompt: boolean;
  readonly persistedSlots: readonly string[];
  readonly runPatternCompleted: boolean;
  readonly translation?: Readonly<Record<string, { readonly name?: string }>>;
  /** Stable fingerprint of the flow definition, used for code-change detection. */
  readonly fingerprint: string;
  readonly source?: SourceRef;
}

export const END = 'END';
export const START = 'START';

export function isPatternId(flowId: string): boolean {
  return flowId.startsWith('pattern_');
}

/** file:line:column of a YAML node. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
