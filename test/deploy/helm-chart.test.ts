/**
 * The Helm chart under deploy/helm/colloquy, rendered (test/deploy/helm-render.ts; there is no
 * `helm` here) and each manifest validated against the Kubernetes JSON schemas that the
 * `kubernetes-models` package ships; then the deployment properties the playbook promises.
 */
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { loadProjectFromFiles } from '../../src/project/load-project.ts';
import { formatDiagnostic } from '../../src/project/format-diagnostic.ts';
import { renderChart } from './helm-render.ts';

const CHART = fileURLToPath(new URL('../../deploy/helm/colloquy', import.meta.url));

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/** Validates every manifest against its schema; returns them by kind. */
function validated(manifests: Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  const byKind = new Map<string, Record<string, unknown>>();
  for (const manifest of manifests) {
    const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
    const Model = MODELS[key];
    if (!Model) throw new Error(`no schema for ${key}`);
    expect(() => new Model(manifest as never).validate(), key).not.toThrow();
    byKind.set(String(manifest.kind), manifest);
  }
  return byKind;
}

type Container = { args: string[]; readinessProbe: { httpGet: { path: string } }; livenessProbe: { exec: { command: string[] } }; envFrom: { secretRef: { name: string } }[]; securityContext: Record<string, unknown> };
const podSpec = (deployment: Record<string, unknown> | undefined) => (deployment as { spec: { replicas?: number; template: { spec: { containers: Container[]; securityContext: Record<string, unknown> } } } }).spec;

describe('Helm chart', () => {
  it('renders manifests valid against the Kubernetes schemas, with the defaults', () => {
    const byKind = validated(renderChart(CHART));
    expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service']);
    const spec = podSpec(byKind.get('Deployment'));
    // The HPA owns the replica count.
    expect(spec.replicas).toBeUndefined();
    const [container] = spec.template.spec.containers;
    expect(container!.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container!.livenessProbe.exec.command.join(' ')).toContain('/status');
    expect(container!.args).toEqual(['--port', '5005', '--endpoints', '/config/endpoints.yml', '--enable-api', '--auth-token', '$(COLLOQUY_AUTH_TOKEN)']);
    expect(container!.envFrom[0]!.secretRef.name).toBe('bot-secrets');
    expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect((byKind.get('Service') as { spec: { sessionAffinity: string } }).spec.sessionAffinity).toBe('None');
    expect((byKind.get('HorizontalPodAutoscaler') as { spec: { minReplicas: number; maxReplicas: number } }).spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  });

  it('renders fixed replicas without an HPA, and an existing Secret instead of its own', () => {
    const byKind = validated(renderChart(CHART, { autoscaling: { enabled: false }, replicaCount: 3, existingSecret: 'bot-keys' }));
    expect(byKind.has('HorizontalPodAutoscaler')).toBe(false);
    expect(byKind.has('Secret')).toBe(false);
    const spec = podSpec(byKind.get('Deployment'));
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]!.envFrom[0]!.secretRef.name).toBe('bot-keys');
  });

  it("ships an endpoints.yml that colloquy validates, with secrets as ${ENV} references", () => {
    const configMap = renderChart(CHART).find((m) => m.kind === 'ConfigMap') as { data: Record<string, string> };
    const files = {
      'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
      'domain.yml': 'responses:\n  utter_hi:\n    - text: Hi\n',
      'data/flows.yml': 'flows:\n  greet:\n    description: Greet.\n    steps:\n      - action: utter_hi\n',
      'endpoints.yml': configMap.data['endpoints.yml']!,
    };
    const { diagnostics } = loadProjectFromFiles(files, '/p', { env: { POSTGRES_PASSWORD: 'p', REDIS_PASSWORD: 'r' } });
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  });

  it('would catch a manifest the schema rejects (the check is real)', () => {
    const deployment = renderChart(CHART).find((m) => m.kind === 'Deployment') as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    deployment.spec.template.spec.containers[0]!.ports[0]!.containerPort = 'five thousand';
    expect(() => new Deployment(deployment as never).validate()).toThrow(/containerPort/);
  });
});
