// Which addresses a producer's link may lead the bot to: public internet addresses only.
import { describe, expect, it } from 'vitest'
import { blockedReason, isPublicAddress } from '../../src/intake/address.ts'

describe('public addresses', () => {
  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1', // just past 172.16.0.0/12
    '100.128.0.1', // just past 100.64.0.0/10
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '[2001:4860:4860::8888]',
  ])('%s is public', (address) => {
    expect(blockedReason(address)).toBeNull()
    expect(isPublicAddress(address)).toBe(true)
  })
})

describe('addresses a link must never lead to', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['0.0.0.0', /this network/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local.*metadata/],
    ['100.100.100.200', /carrier-grade NAT/],
    ['192.0.2.1', /documentation/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved|broadcast/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fd00:ec2::254', /unique local/],
    ['fc00::1', /unique local/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /documentation/],
    // IPv4 inside IPv6 is judged by the IPv4 address.
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:169.254.169.254', /link-local/],
    ['::ffff:10.1.2.3', /private/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:c0a8:0101::1', /private/],
    ['::127.0.0.1', /loopback/],
    ['[::1]', /loopback/],
    ['fe80::1%eth0', /link-local/],
    ['example.org', /not an IP address/],
  ])('%s is refused: %s', (address, reason) => {
    expect(blockedReason(address)).toMatch(reason)
    expect(isPublicAddress(address)).toBe(false)
  })

  it('an IPv4-mapped public address is public', () => {
    expect(blockedReason('::ffff:93.184.215.14')).toBeNull()
    expect(blockedReason('64:ff9b::808:808')).toBeNull()
  })
})
