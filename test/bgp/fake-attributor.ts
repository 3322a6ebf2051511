/** Countries by first octet (IPv4) or first word (IPv6): enough for tests to tell entities apart. */
import type { Attribution, Attributor } from '../../src/geo/attributor.js';

export const fakeAttributor: Pick<Attributor, 'lookupIpv4' | 'lookupAddress'> = {
  lookupIpv4: (ip) => ({ country: ip >>> 24 === 198 ? 'KZ' : 'NL' }) as Attribution,
  lookupAddress: (ip) =>
    ({ country: ip.family === 6 && ip.w0 === 0x20010db8 ? 'KZ' : 'NL' }) as Attribution,
};
