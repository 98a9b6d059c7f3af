import { BlockList, isIP } from 'node:net';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Addresses inside the operator's own network: a webhook must not become a way to call them.
// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) against the IPv4 ranges.
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

/** Whether `url` may receive webhooks at all: a reason when it may not, undefined when it may. */
export function webhookUrlRefusal(url: string, allowLoopbackHttp: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  const loopback = LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol === 'http:') {
    if (!allowLoopbackHttp) return 'must use https';
    if (!loopback) return 'must use https (plain http only to localhost, for development)';
  } else if (parsed.protocol !== 'https:') {
    return allowLoopbackHttp ? 'must use https (or http to localhost, for development)' : 'must use https';
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (parsed.hash) return 'must not contain a fragment';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  if (family !== 0 && !(allowLoopbackHttp && loopback) && INTERNAL.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
    return 'must not point into a private or loopback network';
  }
  if (!allowLoopbackHttp && host === 'localhost') return 'must not point to localhost';
  return undefined;
}

/** True for a base URL served from this machine over http: a development installation. */
export function isLoopbackHttp(baseUrl: string): boolean {
  try {
    const parsed = new URL(baseUrl);
    return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}
