/** Basic credentials as telcos send them to the webhooks and sockets under test. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
