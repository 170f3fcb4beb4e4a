/**
 * Bearer JWT check for orchestrators (`a2a_server.auth`): the configured algorithm only (so
 * `alg: none` and HS256-signed-with-the-public-key are refused), a PEM public key or certificate
 * file or a JWKS URL, issuer, audience and expiry.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { createRemoteJWKSet, customFetch, importSPKI, importX509, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { A2AServerConfig } from '../../core/assistant.ts';
import { A2aError } from './a2a-errors.ts';

export type JwtVerifier = (authorization: string | undefined) => Promise<{ readonly subject?: string }>;

type AuthConfig = NonNullable<A2AServerConfig['auth']>;

/** Builds the verifier; key files are read now so a bad path fails at startup. `projectRoot` anchors relative paths. */
export async function createJwtVerifier(auth: AuthConfig, projectRoot: string, fetchImpl?: typeof fetch): Promise<JwtVerifier> {
  const algorithm = auth.algorithm;
  const key = await loadKey(auth, projectRoot, fetchImpl);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new A2aError('auth_required', 'A bearer token is required (Authorization: Bearer <jwt>).');
    try {
      const options = { algorithms: [algorithm], ...(auth.issuer ? { issuer: auth.issuer } : {}), ...(auth.audience ? { audience: auth.audience } : {}) };
      const token = match[1]!;
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return payload.sub ? { subject: payload.sub } : {};
    } catch (error) {
      throw new A2aError('auth_required', `The bearer token was refused: ${error instanceof Error ? error.message : 'invalid token'}.`);
    }
  };
}

type VerificationKey = JWTVerifyGetKey | Awaited<ReturnType<typeof importSPKI>> | Uint8Array;

async function loadKey(auth: AuthConfig, projectRoot: string, fetchImpl?: typeof fetch): Promise<VerificationKey> {
  if (auth.jwksUrl) {
    return createRemoteJWKSet(new URL(auth.jwksUrl), fetchImpl ? { [customFetch]: fetchImpl } : {});
  }
  if (!auth.publicKeyPath) throw new Error('a2a_server.auth: set public_key_path or jwks_url.');
  const path = isAbsolute(auth.publicKeyPath) ? auth.publicKeyPath : resolve(projectRoot, auth.publicKeyPath);
  const text = await readFile(path, 'utf8');
  if (auth.algorithm.startsWith('HS')) return new TextEncoder().encode(text.trim());
  return text.includes('BEGIN CERTIFICATE') ? importX509(text, auth.algorithm) : importSPKI(text, auth.algorithm);
}
