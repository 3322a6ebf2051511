/**
 * Bogon addresses in DNS answers: private, loopback, link-local and other unroutable space.
 * A public name resolving to one is a classic DNS-injection sign (Iran's 10.10.34.x), unless
 * the control resolver saw the same. Pure.
 */

// RFC 6890 special-purpose IPv4 blocks that are never a public web server.
const IPV4_BOGONS: readonly (readonly [number, number])[] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0000200, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xc6336400, 24],
  [0xcb007100, 24],
  [0xe0000000, 4],
  [0xf0000000, 4],
];

function ipv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

export function isBogon(address: string): boolean {
  const v4 = ipv4Number(address);
  if (v4 !== null)
    return IPV4_BOGONS.some(
      ([base, bits]) => Math.floor(v4 / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)),
    );
  const v6 = address.toLowerCase();
  if (!v6.includes(':')) return false;
  return (
    v6 === '::1' ||
    v6 === '::' ||
    /^f[cd]/.test(v6) ||
    /^fe[89ab]/.test(v6) ||
    (v6.startsWith('::ffff:') && isBogon(v6.slice(7)))
  );
}
