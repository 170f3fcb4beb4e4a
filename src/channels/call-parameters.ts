/**
 * Rasa's `CallParameters`: what voice channels know about a call, stored as the session-start
 * metadata with every field present (`null` when the telco did not say), as Rasa's `asdict` does.
 * @module
 */

export interface CallParameters {
  readonly call_id: string;
  readonly user_phone: string;
  readonly bot_phone?: string | undefined;
  readonly user_name?: string | undefined;
  readonly user_host?: string | undefined;
  readonly bot_host?: string | undefined;
  readonly direction?: string | undefined;
  readonly stream_id?: string | undefined;
}

export function callMetadata(call: CallParameters): Record<string, string | null> {
  return {
    call_id: call.call_id,
    user_phone: call.user_phone,
    bot_phone: call.bot_phone ?? null,
    user_name: call.user_name ?? null,
    user_host: call.user_host ?? null,
    bot_host: call.bot_host ?? null,
    direction: call.direction ?? null,
    stream_id: call.stream_id ?? null,
  };
}
