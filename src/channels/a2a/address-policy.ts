/**
 * SSRF policy for push targets: which hosts may be called, and which resolved addresses are
 * refused (loopback, private, link-local, cloud metadata, multicast, reserved) unless an
 * allowlist entry names that address or range explicitly.
 * @module
 */
import { BlockList, isIP } from 'node:net';

const REFUSED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT; also Alibaba's metadata 100.100.100.200
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the 169.254.169.254 metadata service
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const REFUSED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, incl. AWS's fd00:ec2::254 metadata
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96], // NAT64 of an IPv4 address
] as const;

const refused = new BlockList();
for (const [net, prefix] of REFUSED_V4) refused.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of REFUSED_V6) refused.addSubnet(net, prefix, 'ipv6');

export class AddressPolicy {
  private readonly hostNames: readonly string[];
  private readonly explicit = new BlockList();

  /** `allowedHosts`: host names (`hooks.example.com`, `*.example.com`), IP addresses or CIDR ranges. */
  constructor(allowedHosts: readonly string[]) {
    const names: string[] = [];
    for (const entry of allowedHosts.map((h) => h.trim().toLowerCase())) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address ?? '');
      if (family === 0) names.push(entry);
      else if (prefix === undefined) this.explicit.addAddress(address!, family === 4 ? 'ipv4' : 'ipv6');
      else this.explicit.addSubnet(address!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
    this.hostNames = names;
  }

  /** Whether the URL's host is on the allowlist at all (by name, or as an explicitly allowed address). */
  allowsHost(hostname: string): boolean {
    const host = unbracket(hostname.toLowerCase());
    if (isIP(host) !== 0) return this.isExplicit(host);
    return this.hostNames.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
  }

  /** Why a resolved address must not be called, or undefined when it may. */
  refusal(address: string): string | undefined {
    if (this.isExplicit(address)) return undefined;
    const mapped = mappedIpv4(address);
    if (mapped) return this.refusal(mapped);
    const family = isIP(address);
    if (family === 0) return `'${address}' is not an IP address`;
    return refused.check(address, family === 4 ? 'ipv4' : 'ipv6') ? `${address} is a loopback, private, link-local or metadata address` : undefined;
  }

  private isExplicit(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.explicit.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `::ffff:10.0.0.1` or `::ffff:a00:1` → `10.0.0.1`. */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
