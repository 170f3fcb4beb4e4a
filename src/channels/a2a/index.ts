/**
 * The assistant as an A2A sub-agent (server side).
 * @module
 */
export { createA2aPlugin, createA2aServer, type A2aPluginHandle, type FastifyPlugin } from './a2a-plugin.ts';
export { startA2aGrpcServer, type A2aGrpcServer, type A2aGrpcServerOptions } from './grpc-server.ts';
export type { A2aLogger, A2aPluginDeps, HostResolver } from './plugin-deps.ts';
export { mapTurnToStatus, type MappedStatus } from './task-state-mapper.ts';
