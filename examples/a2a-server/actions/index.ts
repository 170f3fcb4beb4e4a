/**
 * Custom actions of the a2a-server example, run in-process (`action_endpoint: actions_module: actions`):
 * the starter bank's actions (see examples/starter/actions for how an action is written) plus one
 * that fails, to show how a failed turn looks over A2A.
 */
import { actions as starterActions, type Action } from '../../starter/actions/index.ts';

export type { Action, ActionCall, ActionOutput } from '../../starter/actions/index.ts';

export const actions: Record<string, Action> = {
  ...starterActions,

  // Stands in for a backend that is down: the turn ends in pattern_internal_error (A2A `failed`).
  async action_fetch_statement() {
    throw new Error('statement service unreachable');
  },
};

export default actions;
