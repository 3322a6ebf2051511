/**
 * The synthetic country of the series-level labelled cases: `country/ZZ` (a user-assigned ISO
 * code, so it never collides with a real one), three regions and five networks in the
 * documentation ASN range, each with its access type, size, diurnal amplitude and /24 count.
 * Every network is spread over the regions by the regions' shares; a (network, region) pair
 * is a cell, the unit scenarios cut and restore.
 */
import type { AccessType } from '../../model/access.js';

export const COUNTRY = 'ZZ';

export interface WorldNetwork {
  readonly asn: number;
  readonly name: string;
  readonly access: AccessType;
  /** Share of the country's users. */
  readonly weight: number;
  /** Day/night swing: traffic at night is (1 − a)/(1 + a) of the evening peak. */
  readonly diurnal: number;
  readonly slash24s: number;
}

export const NETWORKS: readonly WorldNetwork[] = [
  { asn: 64500, name: 'Zed Telecom', access: 'fixed', weight: 0.35, diurnal: 0.5, slash24s: 1800 },
  { asn: 64501, name: 'Zed Mobile', access: 'mobile', weight: 0.3, diurnal: 0.6, slash24s: 700 },
  { asn: 64502, name: 'Kappa Cell', access: 'mobile', weight: 0.2, diurnal: 0.6, slash24s: 500 },
  { asn: 64503, name: 'Metro Mixed', access: 'mixed', weight: 0.1, diurnal: 0.55, slash24s: 600 },
  { asn: 64504, name: 'Campus Net', access: 'fixed', weight: 0.05, diurnal: 0.85, slash24s: 200 },
];

export const REGIONS: readonly { readonly code: string; readonly share: number }[] = [
  { code: 'ZZ-01', share: 0.4 },
  { code: 'ZZ-02', share: 0.35 },
  { code: 'ZZ-03', share: 0.25 },
];

/** Country-wide volume per 5-minute bin at the daily mean. */
export const VOLUME = { requests: 30000, ips: 3000, darknet: 500 } as const;
/** Hour (UTC) of the evening peak: 20:00 local at UTC+5. */
export const PEAK_HOUR_UTC = 15;
/** OONI measurements per hour in the country, and the share that fails without censorship. */
export const OONI_PER_HOUR = 8;
export const OONI_FALSE_BLOCKED = 0.03;
