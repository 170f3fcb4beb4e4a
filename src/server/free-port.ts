/**
 * A port that nothing listens on right now, picked by the OS: for a server that must know its
 * port before it listens (an AgentCard naming it), and for tests that need a port with no server.
 * @module
 */
import { createServer, type AddressInfo } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
