/**
 * ISO 3166-1 alpha-2 codes packed into 16 bits (the two ASCII bytes), so range tables keep
 * countries in a Uint16Array. 0 is "no country". Decoding is cached: lookups must not allocate.
 */

const COUNTRY = /^[A-Z]{2}$/;
// Dense from the start: a sparse array would fall back to dictionary elements and slow lookups.
const decoded: (string | null)[] = [];
for (let code = 0; code < 65536; code++) decoded.push(null);

export function isCountryCode(text: string): boolean {
  return COUNTRY.test(text);
}

/** The packed code of an upper-case alpha-2 code, or 0 when `text` is not one. */
export function encodeCountry(text: string): number {
  return COUNTRY.test(text) ? (text.charCodeAt(0) << 8) | text.charCodeAt(1) : 0;
}

export function decodeCountry(code: number): string | null {
  if (code === 0) return null;
  return (decoded[code] ??= String.fromCharCode(code >>> 8, code & 0xff));
}
