import { describe, expect, it } from 'vitest';
import { AddressPolicy } from './address-policy.ts';

describe('AddressPolicy', () => {
  const policy = new AddressPolicy(['hooks.example.com', '*.orchestrator.example', '127.0.0.1', '10.1.0.0/16']);

  it('matches allowed host names exactly or by wildcard suffix', () => {
    expect(policy.allowsHost('hooks.example.com')).toBe(true);
    expect(policy.allowsHost('a.orchestrator.example')).toBe(true);
    expect(policy.allowsHost('evil-hooks.example.com')).toBe(false);
    expect(policy.allowsHost('127.0.0.1')).toBe(true);
    expect(policy.allowsHost('10.2.0.1')).toBe(false);
  });

  it.each(['10.0.0.1', '172.16.5.5', '192.168.1.1', '169.254.169.254', '127.0.0.2', '0.0.0.0', '100.100.100.200', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe'])(
    'refuses %s',
    (address) => expect(policy.refusal(address)).toBeDefined(),
  );

  it.each(['93.184.216.34', '2606:4700::1111', '127.0.0.1', '10.1.2.3', '::ffff:8.8.8.8'])('allows %s (public or explicitly listed)', (address) => {
    expect(policy.refusal(address)).toBeUndefined();
  });
});
