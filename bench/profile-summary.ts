/**
 * Text summary of a V8 CPU profile (`node --cpu-prof`): self time by package / source folder and the
 * top functions by self time, so a profile can be read and recorded in bench/profiles/ as text.
 * Run: npx tsx bench/profile-summary.ts <file.cpuprofile> [top functions=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** The package (node_modules/<name>) or source folder (src/<layer>/<folder>) a frame belongs to. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const src = /\/(src\/[^/]+(?:\/[^/.]+)?)\//.exec(url) ?? /\/(src\/[^/]+)\//.exec(url);
  if (src) return src[1] as string;
  if (url.startsWith('node:')) return url.split('/')[0] as string;
  return url.replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '');
}

const areas = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id) as Node;
  total += us;
  const a = area(f.url, f.functionName);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${f.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled (${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall)\n\nself time by area`);
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${ms(us)}  ${a}`);
console.log('\nself time by function');
for (const [f, us] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${ms(us)}  ${f}`);
