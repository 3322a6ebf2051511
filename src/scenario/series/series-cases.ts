/**
 * The named series-level cases: seven outages of different scope, access, layer and length,
 * and five negatives that must produce no event (a collector going silent, a holiday, the
 * night of a very diurnal network, a slow decline, a quiet week). Times are days from the
 * case start (a Monday); each case has three weeks of history before its event window.
 */
import type { ExpectedEntity, ExpectedEvent } from '../../model/ground-truth.js';
import type { SeriesCaseSpec } from './series-case-spec.js';
import { COUNTRY, NETWORKS } from './series-world.js';

const ALL_ASNS = NETWORKS.map((n) => n.asn);
const MOBILE = [64501, 64502];
const h = (hours: number) => hours / 24;

const cut = (entity: string, ...intervals: [number, number][]): ExpectedEntity => ({
  entity,
  intervals: intervals.map(([start, end]) => ({ start, end })),
});

function event(
  partial: Partial<ExpectedEvent> & Pick<ExpectedEvent, 'start' | 'end' | 'affected'>,
): ExpectedEvent {
  return {
    location: `country/${COUNTRY}`,
    scope: 'nationwide',
    access: 'both',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    apps: [],
    ...partial,
  };
}

// Nationwide blackout, routes up: cut 22 d 10:30, all back for 3 h on day 23 from 14:00,
// the fixed incumbent restored from day 24 00:00, everyone else back on day 25 at 02:00.
const B1: [number, number] = [22 + h(10.5), 23 + h(14)];
const B2: [number, number] = [23 + h(17), 25 + h(2)];
const B2_FIXED: [number, number] = [23 + h(17), 24];

export const SERIES_CASES: readonly SeriesCaseSpec[] = [
  {
    name: 'nationwide-blackout',
    description:
      'Nationwide blackout with routes up, a 3-hour restoration and the fixed network back a day early',
    days: 28,
    effects: [
      ...[B1, B2].map(([from, to]) => ({
        asns: ALL_ASNS.filter((a) => a !== 64500),
        from,
        to,
        requests: 0.03,
        ips: 0.04,
        darknet: 0.08,
      })),
      ...[B1, B2_FIXED].map(([from, to]) => ({
        asns: [64500],
        from,
        to,
        requests: 0.03,
        ips: 0.04,
        darknet: 0.08,
      })),
    ],
    expected: [
      event({
        start: B1[0],
        end: B2[1],
        affected: [
          cut(`country/${COUNTRY}`, B1, B2),
          cut('asn/64500', B1, B2_FIXED),
          ...ALL_ASNS.filter((a) => a !== 64500).map((a) => cut(`asn/${a}`, B1, B2)),
        ],
      }),
    ],
  },
  {
    name: 'regional-cut',
    description: 'One region cut off (all networks, routes up) for a day and a half',
    days: 28,
    effects: [
      {
        regions: ['ZZ-02'],
        from: 23 + h(6),
        to: 24 + h(18),
        requests: 0.03,
        ips: 0.03,
        darknet: 0.05,
      },
    ],
    expected: [
      event({
        location: 'region/ZZ-02',
        scope: 'regional',
        start: 23 + h(6),
        end: 24 + h(18),
        affected: [cut('region/ZZ-02', [23 + h(6), 24 + h(18)])],
      }),
    ],
  },
  {
    name: 'mobile-shutdown',
    description:
      'Mobile networks shut down, the mixed network loses its mobile half, fixed untouched',
    days: 28,
    effects: [
      { asns: MOBILE, from: 22 + h(14.5), to: 25 + h(8), requests: 0.02, ips: 0.03, darknet: 0.1 },
      { asns: [64503], from: 22 + h(14.5), to: 25 + h(8), requests: 0.55, ips: 0.6, darknet: 0.7 },
    ],
    expected: [
      event({
        access: 'mobile',
        start: 22 + h(14.5),
        end: 25 + h(8),
        affected: MOBILE.map((a) => cut(`asn/${a}`, [22 + h(14.5), 25 + h(8)])),
      }),
    ],
  },
  {
    name: 'throttling',
    description: 'Mobile networks throttled to a third of their traffic for two days, not cut',
    days: 28,
    effects: [
      { asns: MOBILE, from: 22 + h(16), to: 24 + h(16), requests: 0.35, ips: 0.75, darknet: 0.9 },
    ],
    expected: [
      event({
        access: 'mobile',
        mechanisms: ['throttling'],
        start: 22 + h(16),
        end: 24 + h(16),
        affected: MOBILE.map((a) => cut(`asn/${a}`, [22 + h(16), 24 + h(16)])),
      }),
    ],
  },
  {
    name: 'app-blocking',
    description: 'WhatsApp blocked nationwide for four days; traffic, telescope and routes normal',
    days: 28,
    effects: [{ from: 22 + h(9), to: 26 + h(9), whatsappBlocked: 0.92 }],
    expected: [
      event({
        layers: ['application'],
        mechanisms: ['tcp-blocking'],
        apps: ['whatsapp'],
        start: 22 + h(9),
        end: 26 + h(9),
        affected: [cut(`country/${COUNTRY}`, [22 + h(9), 26 + h(9)])],
      }),
    ],
  },
  {
    name: 'single-asn-outage',
    description: 'One network withdraws its routes for six and a half hours',
    days: 28,
    effects: [
      {
        asns: [64503],
        from: 23 + h(3 + 1 / 6),
        to: 23 + h(9 + 2 / 3),
        requests: 0,
        ips: 0,
        darknet: 0,
        bgp: 0,
      },
    ],
    expected: [
      event({
        scope: 'single-network',
        layers: ['routing', 'reachability'],
        mechanisms: ['routes-withdrawn'],
        start: 23 + h(3 + 1 / 6),
        end: 23 + h(9 + 2 / 3),
        affected: [cut('asn/64503', [23 + h(3 + 1 / 6), 23 + h(9 + 2 / 3)])],
      }),
    ],
  },
  {
    name: 'long-blackout',
    description:
      'Ten-day nationwide blackout with partial route withdrawal (longer than IODA inpaints)',
    days: 35,
    effects: [
      { from: 21 + h(12), to: 31 + h(12), requests: 0.05, ips: 0.05, darknet: 0.1, bgp: 0.6 },
    ],
    expected: [
      event({
        layers: ['routing', 'reachability'],
        mechanisms: ['routes-withdrawn', 'blackhole-routes-up'],
        start: 21 + h(12),
        end: 31 + h(12),
        affected: [
          cut(`country/${COUNTRY}`, [21 + h(12), 31 + h(12)]),
          ...ALL_ASNS.map((a) => cut(`asn/${a}`, [21 + h(12), 31 + h(12)])),
        ],
      }),
    ],
  },
  {
    name: 'collector-outage',
    description: 'Negative: the telescope is down for two days and the access logs for six hours',
    days: 28,
    effects: [],
    gaps: [
      { signalPrefix: 'darknet.', from: 22, to: 24 },
      { signalPrefix: 'traffic.', from: 25 + h(10), to: 25 + h(16) },
    ],
    expected: [],
  },
  {
    name: 'holiday-dip',
    description: 'Negative: a national holiday lowers traffic by a fifth for a day',
    days: 28,
    effects: [{ from: 23, to: 24, requests: 0.8, ips: 0.85 }],
    expected: [],
  },
  {
    name: 'diurnal-night',
    description:
      'Negative: very diurnal networks whose nights fall to a few percent of the evening peak',
    days: 28,
    effects: [],
    diurnal: { 64500: 0.9, 64501: 0.9, 64502: 0.9, 64503: 0.9, 64504: 0.97 },
    expected: [],
  },
  {
    name: 'slow-decline',
    description:
      'Negative: traffic declines by 40% over three weeks (users moving away), no outage',
    days: 28,
    effects: [{ from: 7, to: 28, requests: 0.6, ips: 0.7, ramp: true }],
    expected: [],
  },
  {
    name: 'quiet-week',
    description: 'Negative: nothing happens',
    days: 28,
    effects: [],
    expected: [],
  },
];

/** Where generated cases start: Monday 2025-03-03T00:00:00Z. */
export const SERIES_CASE_START = 1740960000;
