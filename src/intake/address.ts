/**
 * Which IP addresses a link may lead Storydesk to. A producer's link is fetched by the bot's own machine, inside the
 * newsroom's network: a link (or a redirect, or a DNS name) pointing at a loopback, private, link-local or cloud
 * metadata address would make the bot read what only the newsroom's network can reach (server-side request forgery).
 * Only global unicast addresses are public. IPv6 forms that carry an IPv4 address (IPv4-mapped "::ffff:127.0.0.1",
 * IPv4-compatible, NAT64 "64:ff9b::", 6to4 "2002::") are judged by the IPv4 address inside.
 */
import { isIP } from 'node:net'

/** IPv4 ranges that are not on the public internet (IANA special-purpose registry), with what they are. */
const IPV4_SPECIAL: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'a private network address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address (also some cloud metadata services)'],
  ['127.0.0.0', 8, 'a loopback address (this machine)'],
  ['169.254.0.0', 16, 'a link-local address (including the cloud metadata service 169.254.169.254)'],
  ['172.16.0.0', 12, 'a private network address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private network address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
]

/** IPv6 ranges inside global unicast (2000::/3) that are still not public. */
const IPV6_SPECIAL: readonly [string, number, string][] = [
  ['2001::', 23, 'an IETF protocol address (Teredo and others)'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
]

/**
 * Why `address` (an IPv4 or IPv6 address as text) is not a public internet address, or null when it is public.
 *
 * @example blockedReason('169.254.169.254') // 'a link-local address (including the cloud metadata service …)'
 * @example blockedReason('::ffff:127.0.0.1') // 'a loopback address (this machine)'
 * @example blockedReason('93.184.215.14') // null
 */
export function blockedReason(address: string): string | null {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const version = isIP(plain)
  if (version === 4) return ipv4Reason(ipv4ToNumber(plain))
  if (version !== 6) return 'not an IP address'
  const value = ipv6ToBigInt(plain)
  const high = (bits: number): bigint => value >> BigInt(128 - bits)
  const embeddedV4 = Number(value & 0xffffffffn)
  // IPv4 carried inside IPv6: judged by the IPv4 address.
  if (high(96) === 0xffffn || high(96) === 0n) {
    if (value === 0n) return 'the unspecified address'
    if (value === 1n) return 'a loopback address (this machine)'
    return ipv4Reason(embeddedV4) ?? (high(96) === 0n ? 'a deprecated IPv4-compatible address' : null)
  }
  if (high(96) === 0x64ff9bn << 64n) return ipv4Reason(embeddedV4) // NAT64 64:ff9b::/96
  if (high(16) === 0x2002n) return ipv4Reason(Number((value >> 80n) & 0xffffffffn)) // 6to4 2002:AABB:CCDD::/48
  if (high(3) !== 1n) {
    if (high(7) === 0x7en) return 'a unique local (private) address'
    if (high(10) === 0x3fan) return 'a link-local address'
    if (high(8) === 0xffn) return 'a multicast address'
    return 'not a global unicast address'
  }
  for (const [base, bits, reason] of IPV6_SPECIAL) {
    if (high(bits) === ipv6ToBigInt(base) >> BigInt(128 - bits)) return reason
  }
  return null
}

/** True for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  return blockedReason(address) === null
}

function ipv4Reason(value: number): string | null {
  for (const [base, bits, reason] of IPV4_SPECIAL) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    if ((value & mask) >>> 0 === (ipv4ToNumber(base) & mask) >>> 0) return reason
  }
  if (value === 0xffffffff) return 'the broadcast address'
  return null
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0)
}

/** An IPv6 address (with "::" and an optional dotted IPv4 tail) as a 128-bit number. */
function ipv6ToBigInt(address: string): bigint {
  let text = address.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[1]!)
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined]
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill('0'), ...right]
  return groups.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group || '0', 16)), 0n)
}
