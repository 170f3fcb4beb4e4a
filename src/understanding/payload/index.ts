/**
 * Button payloads (`/SetSlots(...)`, `/intent{...}`) read into commands.
 * @module
 */
export { parsePayload, payloadParseData, MAX_SET_SLOTS, SYSTEM_INTENT_NAMES } from './parse-payload.ts';
