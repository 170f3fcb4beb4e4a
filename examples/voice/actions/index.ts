/** The phone bank keeps the starter bank's accounts: the same actions, run in-process. */
export { actions, default } from '../../starter/actions/index.ts';
