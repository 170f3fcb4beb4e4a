/**
 * Button payloads (`/SetSlots(...)`, `/intent{...}`) read into commands.
 * @module
 */
export { parsePayload, MAX_SET_SLOTS } from './parse-payload.ts';
