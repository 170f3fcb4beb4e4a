/**
 * Where a card's gRPC interface points. Cards write it as `host:port` (the A2A samples),
 * `grpc://host:port`, or with `http(s)://`/`grpcs://`; grpc-js wants a bare `host:port`, and the
 * scheme says whether to use TLS (`https`, `grpcs`) or plaintext (anything else).
 * @module
 */

export interface GrpcTarget {
  /** `host:port` for grpc-js. */
  readonly target: string;
  readonly tls: boolean;
}

const SCHEMES: Readonly<Record<string, boolean>> = { 'http:': false, 'grpc:': false, 'https:': true, 'grpcs:': true };
const DEFAULT_PORT: Readonly<Record<string, string>> = { 'http:': '80', 'grpc:': '80', 'https:': '443', 'grpcs:': '443' };

/** The target of a gRPC interface url, or undefined when it is not one we can dial. */
export function parseGrpcTarget(url: string): GrpcTarget | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `grpc://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return undefined;
  }
  const tls = SCHEMES[parsed.protocol];
  if (tls === undefined || parsed.hostname === '') return undefined;
  // URL drops default ports (`:443` for https): put them back, grpc-js needs a port.
  const port = parsed.port || DEFAULT_PORT[parsed.protocol]!;
  return { target: `${parsed.hostname}:${port}`, tls };
}
