import { describe, expect, it } from 'vitest';
import { loadProjectFromFiles } from '../index.ts';

const files = (endpoints: string) => ({
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: env_test\npipeline: []\npolicies: []\n',
  'domain.yml': 'version: "3.1"\nresponses:\n  utter_hi:\n    - text: hi\n',
  'data/flows.yml': 'flows:\n  greet:\n    description: say hi\n    steps:\n      - action: utter_hi\n',
  'endpoints.yml': endpoints,
});

describe('numbers and booleans given through ${ENV}', () => {
  it('are read as YAML would read them', () => {
    const { assistant, diagnostics } = loadProjectFromFiles(
      files('a2a_server:\n  description: bank\n  grpc_port: ${GRPC_PORT}\n  task_timeout_seconds: ${TIMEOUT:-30}\n  push_notifications_enabled: ${PUSH}\n'),
      '/virtual',
      { env: { GRPC_PORT: '50051', PUSH: 'true' } },
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(assistant?.endpoints.a2aServer).toMatchObject({ grpcPort: 50051, taskTimeoutSeconds: 30, pushNotificationsEnabled: true });
  });

  it('still fail with the key when the variable holds something else', () => {
    const { diagnostics } = loadProjectFromFiles(files('a2a_server:\n  description: bank\n  grpc_port: ${GRPC_PORT}\n'), '/virtual', { env: { GRPC_PORT: 'fifty' } });
    expect(diagnostics.find((d) => d.severity === 'error')).toMatchObject({ keyPath: 'a2a_server.grpc_port' });
  });
});
