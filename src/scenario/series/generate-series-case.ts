/**
 * A series-level case description + a seed → the case's series, labels and networks: per
 * (network, region) cell the normal volume (diurnal and weekly shape) times the effects'
 * multipliers, summed into country, region and network series, then noise — Poisson with a
 * little over-dispersion for counts, a tiny Gaussian for routed /24s, binomial for OONI's
 * blocked share (hourly; unknown in an hour without measurements). Deterministic in the seed.
 */
import type { AccessType } from '../../model/access.js';
import type { EntityId } from '../../model/entity.js';
import type { ExpectedEvent, LabelledCase } from '../../model/ground-truth.js';
import type { EpochSeconds } from '../../model/time.js';
import { createRandom, type Random } from './random.js';
import type { CellEffect, SeriesCaseSpec } from './series-case-spec.js';
import {
  COUNTRY,
  NETWORKS,
  OONI_FALSE_BLOCKED,
  OONI_PER_HOUR,
  PEAK_HOUR_UTC,
  REGIONS,
  VOLUME,
} from './series-world.js';

const STEP = 300;
const OONI_STEP = 3600;
const DAY = 86400;

export interface CaseSeries {
  readonly entity: EntityId;
  readonly signal: string;
  readonly start: EpochSeconds;
  readonly step: number;
  /** NaN = unknown. */
  readonly values: Float64Array;
}

export interface CaseNetwork {
  readonly asn: number;
  readonly country: string;
  readonly access: AccessType;
  readonly name: string;
  readonly weight: number;
}

export interface GeneratedCase {
  readonly labelled: LabelledCase;
  readonly networks: readonly CaseNetwork[];
  readonly series: readonly CaseSeries[];
}

type Metric = 'requests' | 'ips' | 'darknet' | 'bgp';
const METRICS: readonly Metric[] = ['requests', 'ips', 'darknet', 'bgp'];
const SIGNAL_OF: Record<Metric, string> = {
  requests: 'traffic.requests',
  ips: 'traffic.ips',
  darknet: 'darknet.sources',
  bgp: 'bgp.slash24s',
};

export function generateSeriesCase(
  spec: SeriesCaseSpec,
  seed: number,
  start: EpochSeconds,
): GeneratedCase {
  const random = createRandom(seed);
  const n = Math.round((spec.days * DAY) / STEP);
  const day = (d: number) => start + Math.round(d * DAY);
  // Mean of each metric per entity, summed over cells.
  const means = new Map<EntityId, Record<Metric, Float64Array>>();
  const meanOf = (entity: EntityId) => {
    let m = means.get(entity);
    if (m === undefined) {
      m = {
        requests: new Float64Array(n),
        ips: new Float64Array(n),
        darknet: new Float64Array(n),
        bgp: new Float64Array(n),
      };
      means.set(entity, m);
    }
    return m;
  };
  for (const network of NETWORKS) {
    const amplitude = spec.diurnal?.[network.asn] ?? network.diurnal;
    const weekend = network.access === 'mobile' ? 1.05 : 0.9;
    for (const region of REGIONS) {
      const effects = spec.effects.filter(
        (e) =>
          (e.asns === undefined || e.asns.includes(network.asn)) &&
          (e.regions === undefined || e.regions.includes(region.code)),
      );
      const targets = [
        meanOf(`country/${COUNTRY}`),
        meanOf(`region/${region.code}`),
        meanOf(`asn/${network.asn}`),
      ];
      const share = network.weight * region.share;
      for (let i = 0; i < n; i++) {
        const t = start + i * STEP + STEP / 2;
        const phase = (2 * Math.PI * ((t % DAY) / 3600 - PEAK_HOUR_UTC)) / 24;
        const weekday = (Math.floor(t / DAY) + 4) % 7; // 1970-01-01 was a Thursday
        const week = weekday === 0 || weekday === 6 ? weekend : 1;
        const shape = (1 + amplitude * Math.cos(phase)) * week;
        const darkShape = 1 + 0.3 * amplitude * Math.cos(phase);
        const d = (t - start) / DAY;
        const base = {
          requests: VOLUME.requests * share * shape * multiplier(effects, d, 'requests'),
          ips: VOLUME.ips * share * shape * multiplier(effects, d, 'ips'),
          darknet: VOLUME.darknet * share * darkShape * multiplier(effects, d, 'darknet'),
          bgp: network.slash24s * region.share * multiplier(effects, d, 'bgp'),
        };
        for (const target of targets)
          for (const metric of METRICS) target[metric][i]! += base[metric];
      }
    }
  }
  const series: CaseSeries[] = [];
  for (const [entity, m] of means) {
    for (const metric of METRICS) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = noisy(random, metric, m[metric][i]!);
      series.push({ entity, signal: SIGNAL_OF[metric], start, step: STEP, values });
    }
  }
  series.push(ooniSeries(spec, random, start, means.get(`country/${COUNTRY}`)!.requests));
  for (const gap of spec.gaps ?? [])
    for (const s of series)
      if (s.signal.startsWith(gap.signalPrefix))
        s.values.fill(
          NaN,
          Math.round((gap.from * DAY) / s.step),
          Math.round((gap.to * DAY) / s.step),
        );
  return {
    labelled: {
      name: spec.name,
      description: spec.description,
      from: start,
      to: day(spec.days),
      expected: spec.expected.map((e) => inEpoch(e, day)),
    },
    networks: NETWORKS.map((w) => ({
      asn: w.asn,
      country: COUNTRY,
      access: w.access,
      name: w.name,
      weight: w.weight,
    })),
    series,
  };
}

function multiplier(effects: readonly CellEffect[], d: number, metric: Metric): number {
  let m = 1;
  for (const e of effects) {
    const target = e[metric] ?? 1;
    if (e.ramp === true) {
      if (d >= e.from) m *= 1 + (target - 1) * Math.min(1, (d - e.from) / (e.to - e.from));
    } else if (d >= e.from && d < e.to) m *= target;
  }
  return m;
}

function noisy(random: Random, metric: Metric, mean: number): number {
  if (metric === 'bgp') return Math.round(mean * (1 + 0.0005 * random.normal()));
  const dispersion = metric === 'darknet' ? 0.05 : metric === 'ips' ? 0.02 : 0.03;
  return random.poisson(mean * Math.max(0, 1 + dispersion * random.normal()));
}

/** Country-level OONI WhatsApp blocked share per hour; fewer tests when traffic is cut. */
function ooniSeries(
  spec: SeriesCaseSpec,
  random: Random,
  start: number,
  requests: Float64Array,
): CaseSeries {
  const perHour = OONI_STEP / STEP;
  const hours = Math.floor(requests.length / perHour);
  const values = new Float64Array(hours);
  const normal = VOLUME.requests;
  for (let h = 0; h < hours; h++) {
    const d = (h * OONI_STEP + OONI_STEP / 2) / DAY;
    let blocked = OONI_FALSE_BLOCKED;
    for (const e of spec.effects)
      if (e.whatsappBlocked !== undefined && d >= e.from && d < e.to) blocked = e.whatsappBlocked;
    let volume = 0;
    for (let k = 0; k < perHour; k++) volume += requests[h * perHour + k]!;
    const tests = random.poisson((OONI_PER_HOUR * volume) / perHour / normal);
    values[h] = tests === 0 ? NaN : random.binomial(tests, blocked) / tests;
  }
  return {
    entity: `country/${COUNTRY}`,
    signal: 'ooni.whatsapp.blocked_share',
    start,
    step: OONI_STEP,
    values,
  };
}

function inEpoch(e: ExpectedEvent, day: (d: number) => number): ExpectedEvent {
  const interval = (i: { start: number; end: number | null }) => ({
    start: day(i.start),
    end: i.end === null ? null : day(i.end),
  });
  return {
    ...e,
    ...interval(e),
    affected: e.affected.map((a) => ({ entity: a.entity, intervals: a.intervals.map(interval) })),
  };
}
