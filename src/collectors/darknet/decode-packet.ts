/**
 * The few facts the darknet collector needs from a captured frame: the source address and
 * whether the packet is backscatter (a reply to someone else's spoofed packet: TCP SYN-ACK or
 * RST, ICMP replies and errors). Link types per tcpdump.org/linktypes.html: Ethernet (1, with
 * 802.1Q/802.1ad tags), raw IP (101, 12, 14), IPv4 (228), IPv6 (229), BSD loopback (0),
 * Linux cooked SLL (113) and SLL2 (276). IPv4 per RFC 791, IPv6 per RFC 8200 (extension
 * headers are not walked: a packet behind one is counted, not classified). Answers a reason
 * instead of throwing.
 */

export type DecodeIssue = 'unsupported_linktype' | 'not_ip' | 'truncated';

export interface DecodedPacket {
  family: 4 | 6;
  v4: number;
  readonly v6: Uint32Array;
  backscatter: boolean;
}

export function createDecodedPacket(): DecodedPacket {
  return { family: 4, v4: 0, v6: new Uint32Array(4), backscatter: false };
}

/** ICMP types that answer someone: echo reply, unreachable, quench, redirect, time exceeded, parameter problem, timestamp, information and mask replies. */
const ICMP_BACKSCATTER = new Set([0, 3, 4, 5, 11, 12, 14, 16, 18]);
/** ICMPv6 errors (1–4) and echo reply (129). */
const ICMP6_BACKSCATTER = new Set([1, 2, 3, 4, 129]);

export function decodePacket(
  linktype: number,
  data: Uint8Array,
  offset: number,
  length: number,
  out: DecodedPacket,
): DecodeIssue | null {
  const end = offset + length;
  let at: number;
  let ethertype = -1;
  switch (linktype) {
    case 1: {
      if (length < 14) return 'truncated';
      at = offset + 12;
      ethertype = (data[at]! << 8) | data[at + 1]!;
      at += 2;
      while ((ethertype === 0x8100 || ethertype === 0x88a8) && at + 4 <= end) {
        ethertype = (data[at + 2]! << 8) | data[at + 3]!;
        at += 4;
      }
      break;
    }
    case 113:
      if (length < 16) return 'truncated';
      ethertype = (data[offset + 14]! << 8) | data[offset + 15]!;
      at = offset + 16;
      break;
    case 276:
      if (length < 20) return 'truncated';
      ethertype = (data[offset]! << 8) | data[offset + 1]!;
      at = offset + 20;
      break;
    case 0: {
      if (length < 4) return 'truncated';
      // The address family in the capturing host's byte order: 2 is AF_INET everywhere.
      const family = data[offset]! | data[offset + 3]!;
      ethertype = family === 2 ? 0x0800 : [24, 28, 30].includes(family) ? 0x86dd : -2;
      at = offset + 4;
      break;
    }
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      at = offset;
      break;
    default:
      return 'unsupported_linktype';
  }
  if (ethertype === -1) {
    if (at >= end) return 'truncated';
    const version = data[at]! >> 4;
    ethertype = version === 4 ? 0x0800 : version === 6 ? 0x86dd : -2;
  }
  if (ethertype === 0x0800) return ipv4(data, at, end, out);
  if (ethertype === 0x86dd) return ipv6(data, at, end, out);
  return 'not_ip';
}

function ipv4(data: Uint8Array, at: number, end: number, out: DecodedPacket): DecodeIssue | null {
  if (at + 20 > end) return 'truncated';
  if (data[at]! >> 4 !== 4) return 'not_ip';
  out.family = 4;
  out.v4 =
    ((data[at + 12]! << 24) | (data[at + 13]! << 16) | (data[at + 14]! << 8) | data[at + 15]!) >>>
    0;
  const headerLength = (data[at]! & 0x0f) * 4;
  const fragmentOffset = ((data[at + 6]! & 0x1f) << 8) | data[at + 7]!;
  out.backscatter =
    fragmentOffset === 0 && isBackscatter(data[at + 9]!, data, at + headerLength, end, false);
  return null;
}

function ipv6(data: Uint8Array, at: number, end: number, out: DecodedPacket): DecodeIssue | null {
  if (at + 40 > end) return 'truncated';
  if (data[at]! >> 4 !== 6) return 'not_ip';
  out.family = 6;
  for (let w = 0; w < 4; w++) {
    const o = at + 8 + w * 4;
    out.v6[w] =
      ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
  }
  out.backscatter = isBackscatter(data[at + 6]!, data, at + 40, end, true);
  return null;
}

function isBackscatter(
  protocol: number,
  data: Uint8Array,
  at: number,
  end: number,
  v6: boolean,
): boolean {
  if (protocol === 6) {
    if (at + 14 > end) return false;
    const flags = data[at + 13]!;
    return (flags & 0x12) === 0x12 || (flags & 0x04) !== 0;
  }
  if (at + 1 > end) return false;
  if (protocol === 1 && !v6) return ICMP_BACKSCATTER.has(data[at]!);
  if (protocol === 58 && v6) return ICMP6_BACKSCATTER.has(data[at]!);
  return false;
}
