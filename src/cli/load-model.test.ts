import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trainProject } from '../project/index.ts';
import { loadModel, ModelLoadError } from './load-model.ts';

const project = fileURLToPath(new URL('../../examples/starter/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'colloquy-load-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadModel with a trained bundle', () => {
  it('takes the stores of --endpoints, not those of training time (one image, many deployments)', async () => {
    const { modelPath } = await trainProject(project, { out: dir, fixedModelName: 'model' });
    const endpoints = join(dir, 'endpoints.yml');
    writeFileSync(endpoints, 'action_endpoint:\n  actions_module: actions\ntracker_store:\n  type: redis\n  url: redis\n');

    const bundled = await loadModel({ project, model: modelPath! });
    expect(bundled.assistant.endpoints.trackerStore).toBeUndefined();
    const deployed = await loadModel({ project, model: modelPath!, endpoints });
    expect(deployed.assistant.endpoints.trackerStore).toMatchObject({ type: 'redis' });
    expect(deployed.modelId).toBe(bundled.modelId);

    writeFileSync(endpoints, 'action_endpoint:\n  actions_module: no_such_module\n');
    await expect(loadModel({ project, model: modelPath!, endpoints })).rejects.toBeInstanceOf(ModelLoadError);
  }, 60_000);
});
