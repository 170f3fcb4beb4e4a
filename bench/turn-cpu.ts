/**
 * CPU time per in-process turn of the starter (memory stores, offline generator, in-process
 * actions): the scripted 10-turn conversation replayed by `concurrency` users, a new conversation
 * per pass (`fresh`), or the script over and over on `concurrency` conversations that grow to
 * thousands of events (`long`), through `TurnProcessor.handleMessage` — a REST turn without HTTP.
 * For profiles (`node --cpu-prof --import tsx bench/turn-cpu.ts`) and before/after comparisons.
 * Run: npx tsx bench/turn-cpu.ts [turns=20000] [concurrency=8] [fresh|long]
 */
import { pino } from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { SCRIPT } from '../test/serving/scripted-conversation.ts';

const TURNS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const LONG = process.argv[4] === 'long';
const runtime = await composeRuntime({ project: 'examples/starter' }, { logger: pino({ level: 'warn' }), stores: 'memory' });

async function run(turns: number, tag: string): Promise<number> {
  let next = 0;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let pass = 0; next < turns; pass++) {
        for (const { message } of SCRIPT) {
          next++;
          await runtime.processor.handleMessage({ senderId: LONG ? `long-${worker}` : `${tag}-${worker}-${pass}`, text: message, channel: 'rest' });
        }
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / next;
}

await run(Math.min(5_000, TURNS), 'warm');
const rounds: number[] = [];
for (let i = 0; i < 3; i++) rounds.push(await run(TURNS / 3, `r${i}`));
rounds.sort((a, b) => a - b);
const events = (await runtime.processor.getState(LONG ? 'long-0' : 'r2-0-0'))?.events.length;
console.log(`${LONG ? 'long' : 'fresh'} conversations (${events} events at the end): CPU µs per turn: ${rounds.map((r) => r.toFixed(0)).join(' ')}; median ${(rounds[1] as number).toFixed(0)}`);
await runtime.close();
