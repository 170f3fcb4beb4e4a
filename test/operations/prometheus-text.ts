/**
 * Reading the Prometheus text exposition in tests: one sample by name and exact labels.
 * @module
 */

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status} ${await response.text()}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain')) throw new Error(`GET ${url}: content-type ${response.headers.get('content-type')}`);
  return response.text();
}

/** The value of the sample `name{labels}` (labels matched exactly, in any order), or undefined. */
export function sample(text: string, name: string, labels: Readonly<Record<string, string>>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-zA-Z_]\w*=")/).filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}
