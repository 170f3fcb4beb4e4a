/**
 * Bytes per idle conversation in each tracker store (DESIGN.md goal: ≤ 10 KB for a typical 10-turn
 * conversation), every event kept. Saves N sample conversations per store and divides what the
 * store holds by N. Needs Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database `test`).
 * Run: npx tsx bench/store-size.ts [conversations=200] [turns=10]
 */
import { sampleConversation } from '../test/contracts/sample-conversation.ts';
import { bytesPerConversation, printBytes, TARGET_BYTES } from './store-bytes.ts';

const conversations = Number(process.argv[2] ?? 200);
const turns = Number(process.argv[3] ?? 10);
const states = Array.from({ length: conversations }, (_, i) => sampleConversation(`bench-conversation-${i}`, turns));
console.log(`${conversations} idle conversations of ${turns} turns (${states[0]?.events.length} events each); target ≤ ${TARGET_BYTES} bytes each\n`);
printBytes(await bytesPerConversation(states));
