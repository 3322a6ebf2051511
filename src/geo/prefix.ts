/**
 * CIDR prefixes (RFC 4632 §3.1), as BGP announces them: `192.0.2.0/24`, `2001:db8::/32`.
 * Host bits beyond the length are refused rather than masked, because a prefix with host bits
 * set is usually a typo for another prefix. Bad text throws NightlightError('bad_input').
 */
import { NightlightError } from '../model/failure.js';
import {
  formatIp,
  isMappedIpv4,
  ipv6FromBigInt,
  ipv6ToBigInt,
  parseIpv4OrNegative,
  parseIpv6Into,
  type IpAddress,
} from './ip.js';

export interface Prefix {
  /** The first address of the prefix. */
  readonly address: IpAddress;
  readonly length: number;
}

function refuse(text: string, reason: string): never {
  throw new NightlightError(
    'bad_input',
    `Cannot parse prefix: ${reason}, found ${JSON.stringify(text)}`,
  );
}

/** First and last address as bigints: IPv4 in 0…2^32-1, IPv6 in 0…2^128-1. */
export function prefixBounds(prefix: Prefix): { first: bigint; last: bigint } {
  const { address, length } = prefix;
  const bits = address.family === 4 ? 32 : 128;
  const first = address.family === 4 ? BigInt(address.value) : ipv6ToBigInt(address);
  return { first, last: first | ((1n << BigInt(bits - length)) - 1n) };
}

export function parsePrefix(text: string): Prefix {
  const slash = text.indexOf('/');
  if (slash < 0) refuse(text, 'expected address/length');
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) refuse(text, 'length is not a number');
  let length = Number(lengthText);
  const addressText = text.slice(0, slash);
  let address: IpAddress;
  const v4 = parseIpv4OrNegative(addressText);
  const words = new Uint32Array(4);
  if (v4 >= 0) {
    address = { family: 4, value: v4 };
  } else if (parseIpv6Into(addressText, words)) {
    const [w0, w1, w2, w3] = words as unknown as [number, number, number, number];
    // Only a prefix inside ::ffff:0:0/96 is an IPv4 prefix; a shorter one spans other space.
    if (isMappedIpv4(w0, w1, w2) && length >= 96 && length <= 128) {
      address = { family: 4, value: w3 };
      length -= 96;
    } else {
      address = { family: 6, w0, w1, w2, w3 };
    }
  } else {
    refuse(text, 'address is not IPv4 or IPv6');
  }
  const bits = address.family === 4 ? 32 : 128;
  if (length > bits) refuse(text, `length exceeds ${bits}`);
  const prefix = { address, length };
  const { first } = prefixBounds(prefix);
  const network = (first >> BigInt(bits - length)) << BigInt(bits - length);
  if (network !== first) {
    const masked =
      address.family === 4
        ? { family: 4 as const, value: Number(network) }
        : ipv6FromBigInt(network);
    refuse(text, `host bits set (the network is ${formatIp(masked)}/${length})`);
  }
  return prefix;
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIp(prefix.address)}/${prefix.length}`;
}
