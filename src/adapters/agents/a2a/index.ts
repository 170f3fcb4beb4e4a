/**
 * External sub-agents over A2A (the assistant as A2A client).
 * @module
 */
export { A2aHealthCheckError, createA2aAgentClient, type A2aAgentClient, type A2aClientDeps, type A2aLimits, type A2aLogger } from './a2a-agent-client.ts';
export { A2aAgentCustomization } from './a2a-customization.ts';
export type { AgentHealth, AgentHealthReport, HealthCheckMode } from './health-check.ts';
