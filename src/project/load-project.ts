/**
 * Loads a Rasa Pro-format project into one validated, immutable `Assistant`.
 * @module
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Assistant } from '../core/assistant.ts';
import { buildChannels } from './build-channels.ts';
import { buildConfig, modelGroupRefsOfConfig } from './build-config.ts';
import { buildDomain, type DomainPart } from './build-domain.ts';
import { buildEndpoints, EMPTY_ENDPOINTS } from './build-endpoints.ts';
import { buildFlows, type FlowPart } from './build-flows.ts';
import { buildNlu, type NluPart } from './build-nlu.ts';
import { buildSubAgents, type SubAgentFile } from './build-sub-agents.ts';
import { DEFAULT_PATTERNS_FILE, defaultPatternsFile } from './default-patterns.ts';
import { hasErrors, sortDiagnostics, type Diagnostic, type Severity, type YamlPath } from './diagnostics.ts';
import { interpolateEnv, type Env } from './env-interpolation.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { CodeProbe } from '../core/code-location.ts';
import { checkProjectCode, diskProbe } from './project-code.ts';
import { readProjectFiles, roleOf, withOverrides, type FileOverrides, type FileRole, type ProjectFiles } from './project-files.ts';
import { childOf, Reporter, type Origin } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { dataFileSchema, domainFileSchema, patternsFileSchema } from './schemas/file-schemas.ts';
import { validateFlowGraph } from './validate-flow-graph.ts';
import { validateFlowReferences } from './validate-flow-references.ts';
import { validatePredicates } from './validate-predicates.ts';
import { validateProject } from './validate-project.ts';
import { checkSearchPolicy } from './validate-search-policy.ts';
import { YamlFile, type ParsedYamlCache } from './yaml-file.ts';

export interface LoadOptions {
  /** Variables for `${ENV}` interpolation; default `process.env`. */
  readonly env?: Env;
  /** Merge the default patterns (default true). */
  readonly defaultPatterns?: boolean;
  /** Files replacing the project's own (`loadProject` only). */
  readonly overrides?: FileOverrides;
  /** Looks at the code the project points at; `loadProject` uses the disk, in-memory loads skip the check. */
  readonly codeProbe?: CodeProbe;
  /** Checks of the loaded assistant that need knowledge of other layers (e.g. LLM providers' keys). */
  readonly check?: (assistant: Assistant) => readonly ProjectFinding[];
  /** Content of YAML files parsed at an earlier load (flows, domain, NLU, config and the default patterns). */
  readonly yamlCache?: ParsedYamlCache;
}

/** A problem found by a `check`, at a key path of a project file; the loader turns it into file:line:column. */
export interface ProjectFinding {
  readonly severity: Severity;
  /** Project-relative, e.g. `config.yml`. */
  readonly file: string;
  readonly path: YamlPath;
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  readonly assistant?: Assistant;
  /** Errors first, then warnings; each sorted by file and position. */
  readonly diagnostics: Diagnostic[];
}

/** Reads and validates the project in `dir`. Never throws for problems in the project files. */
export async function loadProject(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = resolve(dir);
  let files: ProjectFiles;
  try {
    files = await readProjectFiles(root);
  } catch (error) {
    return { diagnostics: [unreadable(dir, 'project folder', error, 'Pass --project <dir> with a colloquy or Rasa Pro project.')] };
  }
  try {
    files = await withOverrides(files, options.overrides ?? {});
  } catch (error) {
    const path = (error as NodeJS.ErrnoException).path ?? dir;
    return { diagnostics: [unreadable(path, 'file given on the command line', error, 'Check the path passed to --config, --domain, --data, --endpoints or --credentials.')] };
  }
  return loadProjectFromFiles(files, root, { codeProbe: diskProbe(root), ...options });
}

function unreadable(file: string, what: string, error: unknown, hint: string): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
  return { severity: 'error', file, line: 1, column: 1, keyPath: '', message: `${what} ${reason}.`, hint, code: 'project.unreadable' };
}

/**
 * Loads a project from in-memory files (project-relative path → YAML text). Synchronous, for
 * tests: `loadProjectFromFiles({'config.yml': …, 'domain.yml': …, 'data/flows.yml': …})`.
 */
export function loadProjectFromFiles(files: ProjectFiles, root = '/virtual', options: LoadOptions = {}): LoadResult {
  const report = new Reporter();
  const env = options.env ?? process.env;
  const parsed = parseFiles(files, report, options.yamlCache);
  // What follows a YAML syntax error is read from a partial document: its errors would only mislead.
  if (hasErrors(report.diagnostics)) return { diagnostics: sortDiagnostics(report.diagnostics) };
  const of = (role: FileRole) => parsed.filter((p) => p.role === role);

  const patterns = options.defaultPatterns === false ? undefined : rootOf(defaultPatternsFile(options.yamlCache), report);
  const noSections = {} as z.output<typeof patternsFileSchema>;
  const patternSections = patterns ? (checkSchema(patternsFileSchema, patterns.file.data ?? {}, patterns, report, 'patterns') ?? noSections) : noSections;

  const configFile = of('config')[0];
  if (!configFile) report.errorAt('project.missing_config', 'config.yml', { line: 1, column: 1 }, 'config.yml is missing.', 'Create config.yml (run "colloquy init" for a starter project).');
  const configOrigin = configFile ?? rootOf(new YamlFile('config.yml', ''), report);
  const config = buildConfig(configOrigin.file.data, configOrigin, report);

  const domainFiles = of('domain');
  if (domainFiles.length === 0) report.errorAt('project.missing_domain', 'domain.yml', { line: 1, column: 1 }, 'no domain found (domain.yml or domain/).', 'Create domain.yml, or a domain/ folder of YAML files.');
  const domainParts: DomainPart[] = [
    ...(patterns ? [{ origin: patterns, builtin: true, sections: patternSections as Record<string, unknown> }] : []),
    ...domainFiles.map((f) => ({ origin: f, builtin: false, sections: (checkSchema(domainFileSchema, f.file.data ?? {}, f, report, 'domain') ?? {}) as Record<string, unknown> })),
  ];
  const { domain, origins: domainOrigins } = buildDomain(domainParts, report);

  const dataSections = of('data').map((f) => ({ origin: f, sections: checkSchema(dataFileSchema, f.file.data ?? {}, f, report, 'data') ?? ({} as z.output<typeof dataFileSchema>) }));
  for (const { origin, sections } of dataSections) {
    for (const key of ['stories', 'rules'] as const) {
      if (sections[key] !== undefined) report.warning('data.nlu_based_dialogue', childOf(origin, key), `'${key}' are not used by CALM assistants (ignored).`, 'Describe the conversation as a flow instead.', { mode: 'key' });
    }
  }

  const endpointsFile = of('endpoints')[0];
  const { endpoints, origins: endpointOrigins } = endpointsFile
    ? buildEndpoints(endpointsFile.file.data, interpolateEnv(endpointsFile.file.data, endpointsFile, env, report), endpointsFile, report)
    : { endpoints: EMPTY_ENDPOINTS, origins: { mcpServers: new Map(), modelGroups: new Map() } };
  const credentialsFile = of('credentials')[0];
  const channels = credentialsFile ? buildChannels(interpolateEnv(credentialsFile.file.data, credentialsFile, env, report), credentialsFile, report) : [];
  const subAgentFiles: SubAgentFile[] = of('sub_agent').map((f) => ({
    origin: f,
    dir: f.file.file.replace(/\/config\.ya?ml$/, ''),
    raw: f.file.data,
    data: interpolateEnv(f.file.data, f, env, report),
  }));
  const { agents: subAgents, origins: subAgentOrigins } = buildSubAgents(subAgentFiles, report);
  if (options.codeProbe) checkProjectCode(endpoints, endpointsFile, subAgents, subAgentOrigins, options.codeProbe, report);

  const flowParts: FlowPart[] = [
    ...(patterns ? [{ origin: patterns, builtin: true, flows: patternSections.flows }] : []),
    ...dataSections.map(({ origin, sections }) => ({ origin, builtin: false, flows: sections.flows })),
  ];
  const built = buildFlows(flowParts, domain, new Set(Object.keys(subAgents)), report);
  const nluParts: NluPart[] = dataSections.map(({ origin, sections }) => ({ origin, nlu: sections.nlu }));
  const nlu = buildNlu(nluParts, report);

  const defaultFlows = patternSections.flows;
  const builtinFlowIds = new Set(defaultFlows !== null && typeof defaultFlows === 'object' ? Object.keys(defaultFlows) : []);
  const patternActions = new Set(namesUnder(defaultFlows, 'action'));
  validateFlowReferences({ domain, flows: built.flows, info: built.info, subAgents, endpoints, patternActions }, report);
  for (const flow of Object.values(built.flows)) {
    const info = built.info.get(flow.id)!;
    if (!info.builtin) validateFlowGraph(flow, info, report);
  }
  const domainPredicates = validateProject(
    {
      config,
      configOrigin,
      domain,
      domainOrigins,
      flows: built.flows,
      flowInfo: built.info,
      builtinFlowIds,
      systemIntents: new Set(namesUnder(defaultFlows, 'intent')),
      endpoints,
      endpointOrigins,
      subAgents,
      subAgentOrigins,
      nlu: nlu.examples,
      modelGroupRefs: modelGroupRefsOfConfig(config, configOrigin),
    },
    report,
  );
  checkSearchPolicy({ config, configOrigin, endpoints, endpointsOrigin: endpointsFile, flows: built.flows, ...(options.codeProbe ? { probe: options.codeProbe } : {}) }, report);
  const projectPredicates = built.predicates.filter((p) => p.origin.file.file !== DEFAULT_PATTERNS_FILE);
  validatePredicates([...projectPredicates, ...domainPredicates], domain, report);

  const diagnostics = sortDiagnostics(report.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const model = { config, domain, flows: built.flows, nlu: nlu.examples, synonyms: nlu.synonyms, lookups: nlu.lookups, regexes: nlu.regexes, subAgents };
  // Flows already carry their own fingerprint; hashing those keeps this cheap.
  const flowFingerprints = Object.fromEntries(Object.values(built.flows).map((f) => [f.id, f.fingerprint]));
  const fingerprint = fingerprintOf({ ...model, flows: flowFingerprints });
  const assistant: Assistant = deepFreeze({ root, ...model, endpoints, channels, fingerprint });
  const findings = options.check?.(assistant) ?? [];
  if (findings.length === 0) return { assistant, diagnostics };
  for (const f of findings) {
    const origin = parsed.find((p) => p.file.file === f.file) ?? rootOf(new YamlFile(f.file, ''), report);
    report[f.severity](f.code, childOf(origin, ...f.path), f.message, f.hint);
  }
  const all = sortDiagnostics(report.diagnostics);
  return hasErrors(all) ? { diagnostics: all } : { assistant, diagnostics: all };
}

interface ParsedFile extends Origin {
  readonly role: FileRole;
}

/** Files that may hold credentials are not given to the cache, which keeps what it is given on disk. */
const UNCACHED: ReadonlySet<FileRole> = new Set(['endpoints', 'credentials', 'sub_agent']);

function parseFiles(files: ProjectFiles, report: Reporter, cache: ParsedYamlCache | undefined): ParsedFile[] {
  return Object.keys(files)
    .sort()
    .flatMap((path) => {
      const role = roleOf(path);
      if (!role) return [];
      const origin = rootOf(new YamlFile(path, files[path]!, UNCACHED.has(role) ? undefined : cache), report);
      return [{ ...origin, role }];
    });
}

function rootOf(file: YamlFile, report: Reporter): Origin {
  for (const e of file.syntaxErrors) report.errorAt('yaml.syntax', file.file, e.position, `invalid YAML: ${e.message}.`, 'Fix the YAML syntax (indentation, colons, quotes) at this position.');
  return { file, path: [] };
}

/** Every `action:` value in raw flow YAML (default patterns use runtime-provided actions). */
/** Every string under `key` anywhere in raw YAML (the default patterns' actions and trigger intents). */
function namesUnder(value: unknown, key: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => namesUnder(v, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === key && typeof v === 'string' ? [v] : namesUnder(v, key)));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
