/**
 * What every A2A binding of one process shares: the task service over the store, the push
 * notifier and the AgentCard. Built once per listener (HTTP plugin, gRPC server); since all state
 * is in the store, two instances behave like two replicas.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { A2aRecords } from './a2a-records.ts';
import { AgentCardCache } from './agent-card.ts';
import type { A2aPluginDeps } from './plugin-deps.ts';
import { PushNotifier, PushSender } from './push-sender.ts';
import { TaskService } from './task-service.ts';

export interface A2aServices {
  readonly service: TaskService;
  readonly cards: AgentCardCache;
  /** Waits until queued push deliveries are done. */
  pushIdle(): Promise<void>;
}

export function createA2aServices(deps: A2aPluginDeps): A2aServices {
  const { config } = deps;
  if (deps.assistant().domain.session.startSessionAfterExpiry) {
    throw new Error(
      'validation.a2a_server.incompatible_session_config: a2a_server needs session_config.start_session_after_expiry: false in domain.yml, ' +
        'or a resumed orchestrator contextId would start a new session and reset its slots.',
    );
  }
  const clock = deps.clock ?? { now: () => Date.now() };
  const ids = deps.ids ?? { next: () => randomUUID() };
  const recordMs = Math.max(config.messageCacheTtlSeconds, config.taskTimeoutSeconds, 1) * 1000;
  const records = new A2aRecords(deps.kv, {
    recordMs,
    dedupMs: Math.max(config.messageCacheTtlSeconds, 1) * 1000,
    inFlightMs: config.taskTimeoutSeconds > 0 ? config.taskTimeoutSeconds * 1000 + 60_000 : 3_600_000,
  });
  const sender = new PushSender({ allowedHosts: config.pushNotificationAllowedHosts, resolver: deps.resolver, logger: deps.logger, ...deps.push });
  const notifier = new PushNotifier(sender, (taskId) => records.listPushConfigs(taskId), deps.logger);
  const service = new TaskService({
    runtime: deps.runtime,
    assistant: deps.assistant,
    config,
    records,
    clock,
    ids,
    observer: {
      taskChanged: (event) => {
        if (config.pushNotificationsEnabled) notifier.taskChanged(event);
        deps.taskObserver?.taskChanged(event);
      },
    },
    checkPushTarget: async (url) => {
      await sender.checkTarget(url);
    },
    logger: deps.logger,
    subscribePollMs: deps.subscribePollMs ?? 100,
    ...(deps.bus ? { bus: deps.bus } : {}),
  });
  const url = (config.url ?? deps.publicUrl).replace(/\/+$/, '');
  const cards = new AgentCardCache({ config, url, streaming: true }, () => clock.now());
  return { service, cards, pushIdle: () => notifier.idle() };
}
