import { describe, expect, it } from 'vitest';
import { bankAssistant } from '../offline/testing/bank-assistant.ts';
import { parsePayload } from './parse-payload.ts';

const assistant = bankAssistant({
  slots: { account: { type: 'categorical', values: ['Checking', 'savings'] }, limit: { type: 'float' } },
});

describe('parsePayload', () => {
  it('returns undefined for ordinary text', () => {
    expect(parsePayload('send money to John', assistant)).toBeUndefined();
    expect(parsePayload('50/50', assistant)).toBeUndefined();
  });

  it('reads /SetSlots pairs as set slot commands from the payload reader, typed by slot', () => {
    expect(parsePayload('/SetSlots(confirm_transfer=true, limit=1.5, account=CHECKING, recipient=Ann Lee)', assistant)).toEqual([
      { command: 'set slot', name: 'confirm_transfer', value: true, extractor: 'COMMAND_PAYLOAD_READER' },
      { command: 'set slot', name: 'limit', value: 1.5, extractor: 'COMMAND_PAYLOAD_READER' },
      { command: 'set slot', name: 'account', value: 'Checking', extractor: 'COMMAND_PAYLOAD_READER' },
      { command: 'set slot', name: 'recipient', value: 'Ann Lee', extractor: 'COMMAND_PAYLOAD_READER' },
    ]);
  });

  it('reads null-like values as null', () => {
    expect(parsePayload('/SetSlots(recipient=None)', assistant)).toEqual([
      { command: 'set slot', name: 'recipient', value: null, extractor: 'COMMAND_PAYLOAD_READER' },
    ]);
  });

  it('rejects more than 10 pairs and malformed pairs', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `s${i}=1`).join(', ');
    expect(parsePayload(`/SetSlots(${eleven})`, assistant)).toEqual([{ command: 'cannot handle' }]);
    expect(parsePayload('/SetSlots(a)', assistant)).toEqual([{ command: 'cannot handle' }]);
    expect(parsePayload('/SetSlots()', assistant)).toEqual([{ command: 'cannot handle' }]);
  });

  it('starts the flow whose nlu_trigger has the intent, setting slots from matching entities', () => {
    expect(parsePayload('/check_balance', assistant)).toEqual([{ command: 'start flow', flow: 'check_balance' }]);
    expect(parsePayload('/check_balance{"account": "savings", "unknown": 1}', assistant)).toEqual([
      { command: 'start flow', flow: 'check_balance' },
      { command: 'set slot', name: 'account', value: 'savings', extractor: 'COMMAND_PAYLOAD_READER' },
    ]);
    expect(parsePayload('/check_balance@0.9', assistant)).toEqual([{ command: 'start flow', flow: 'check_balance' }]);
  });

  it('maps system intents', () => {
    expect(parsePayload('/session_start', assistant)).toEqual([{ command: 'session start' }]);
    expect(parsePayload('/restart', assistant)).toEqual([{ command: 'restart' }]);
    expect(parsePayload('/silence_timeout', assistant)).toEqual([{ command: 'user silence' }]);
  });

  it('answers an intent no flow triggers with cannot handle (invalid intent)', () => {
    expect(parsePayload('/greet', assistant)).toEqual([{ command: 'cannot handle', reason: 'cannot_handle_invalid_intent' }]);
  });

  it('ignores malformed entity JSON but still starts the flow', () => {
    expect(parsePayload('/check_balance{not json}', assistant)).toEqual([{ command: 'start flow', flow: 'check_balance' }]);
  });
});
