// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * One-way layers (DESIGN.md): each folder of src/ may import only the folders below it.
 * `allowed` lists what a layer may import; every other src/ folder is forbidden.
 */
const layers = {
  core: [],
  project: ['core'],
  ports: ['core'],
  understanding: ['core', 'ports'],
  runtime: ['core', 'ports', 'understanding'],
  adapters: ['ports', 'core'],
  channels: ['runtime', 'ports', 'core'],
  server: ['core', 'project', 'understanding', 'ports', 'runtime', 'adapters', 'channels'],
  cli: ['core', 'project', 'understanding', 'ports', 'runtime', 'adapters', 'channels', 'server'],
};
const all = [...Object.keys(layers), 'web'];

const layerRules = Object.entries(layers).map(([layer, allowed]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: [`src/${layer}/**/*.test.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: all
          .filter((other) => other !== layer && !allowed.includes(other))
          .map((other) => ({
            // Relative imports only: `@a2a-js/sdk/server` is a package, not our server/ layer.
            regex: `^\\.{1,2}/(?:.*/)?${other}(?:/|$)`,
            message: `src/${layer} may import only ${allowed.join(', ') || 'nothing outside core'} (DESIGN.md layers).`,
          })),
      },
    ],
  },
}));

const coreIsPure = {
  files: ['src/core/**/*.ts'],
  ignores: ['src/core/**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...all.filter((o) => o !== 'core').map((other) => ({ regex: `^\\.{1,2}/(?:.*/)?${other}(?:/|$)`, message: 'core imports nothing outside core.' })),
          { group: ['node:*', 'fs', 'path', 'http', 'net', 'crypto'], message: 'core is pure: no I/O, inject it through a port.' },
        ],
      },
    ],
    'no-restricted-globals': ['error', { name: 'Date', message: 'core takes time from the injected Clock.' }],
    'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core takes randomness from the injected source.' }],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'models/**', 'dist/**', '**/*.d.ts', 'src/web/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', performance: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...layerRules,
  coreIsPure,
);
