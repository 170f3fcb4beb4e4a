/**
 * Per-request log lines at `debug` instead of fastify's `info`: at the default level a busy server
 * would otherwise serialize and write two lines per turn. Failed requests still log at `error`.
 * @module
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class DebugRequestLogging extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
    else if (!this.isLogDisabled(request)) reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
