/**
 * The WebSocket URL a telco is told to stream to, from the channel's `server_url` as Rasa reads it:
 * a URL starting with `http` keeps its host and scheme (`https` → `wss`, `http` → `ws`), a bare host gets `wss://`.
 * @module
 */
export function streamUrl(serverUrl: string, channel: string): string {
  const base = serverUrl.startsWith('http') ? serverUrl.replace('http', 'ws') : `wss://${serverUrl}`;
  return `${base.replace(/\/+$/, '')}/webhooks/${channel}/websocket`;
}
