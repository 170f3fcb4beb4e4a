/**
 * Dialogue stack frames (Rasa `dialogue_understanding/stack/frames`), serialized with Rasa's field names.
 * The top of the stack is the LAST element of the array.
 * @module
 */

export type FlowFrameType = 'regular' | 'interrupt' | 'call' | 'link';

export interface UserFlowFrame {
  readonly type: 'flow';
  readonly frame_id: string;
  readonly flow_id: string;
  readonly step_id: string;
  readonly frame_type: FlowFrameType;
}

/**
 * A pattern frame: `type` and `flow_id` are the pattern id (e.g. `pattern_correction`);
 * `context` holds the pattern's props (collect, utter, corrected_slots, …), visible as `context.*` in predicates.
 */
export interface PatternFrame {
  readonly type: 'pattern';
  readonly frame_id: string;
  readonly flow_id: string;
  readonly step_id: string;
  readonly context: Readonly<Record<string, unknown>>;
}

export type AgentState = 'waiting_for_input' | 'interrupted';

/** A sub-agent holding the conversation (3.14+). It sits above the user frame whose `call` step started it. */
export interface AgentFrame {
  readonly type: 'agent';
  readonly frame_id: string;
  readonly agent_id: string;
  /** The flow and step that called the agent. */
  readonly flow_id: string;
  readonly step_id: string;
  readonly state: AgentState;
  /** Protocol state carried between turns: A2A context/task ids, last question, ReAct history. Plain JSON. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Search/chitchat frames produced by policies other than the flow policy. */
export interface SearchFrame {
  readonly type: 'search';
  readonly frame_id: string;
}

export type Frame = UserFlowFrame | PatternFrame | AgentFrame | SearchFrame;
export type DialogueStack = readonly Frame[];
