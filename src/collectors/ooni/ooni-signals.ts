/**
 * Verdicts → signals. Per bin (hourly by default), per country and ASN, and per target (each
 * app, and `web` for all websites), counts of measurements, decisive ones (ok or blocked) and
 * blocked ones, the blocked share with its 95% Wilson interval as two more series, and change
 * points from a binomial CUSUM. Countries also get mobile and fixed slices. Per country and
 * ASN, the blocked share is also split by the layer the blocking happened at (DNS, TCP, TLS,
 * HTTP), each split declaring the mechanism it shows, so fusion can say how an app was blocked.
 * A web_connectivity test of an app's own web client (web.whatsapp.com) counts for that app
 * (app-hosts.ts), so `web` means other websites. A bin without decisive measurements has no
 * share: unknown, never zero. Pure. The change-point detector comes in as a parameter
 * (detect/change-points.ts): collectors never import detect/.
 */
import { formatEntity } from '../../model/entity.js';
import type { EventMechanism } from '../../model/event.js';
import type { SignalPoint, SignalSpec } from '../../model/signal.js';
import { alignToBin } from '../../model/time.js';
import { appOfHost } from './app-hosts.js';
import type { ScoredMeasurement } from './score-measurement.js';
import { OONI_TARGETS, type BlockingLayer, type OoniTarget } from './verdict.js';

export const OONI_STEP_SECONDS = 3600;
const SLICES = ['', '.mobile', '.fixed'] as const;
const METRICS = [
  'measurements',
  'decisive',
  'blocked',
  'blocked_share',
  'blocked_share_low',
  'blocked_share_high',
  'change',
] as const;
/** The layers a blocked verdict is split by, each with the mechanism it is evidence of. */
export const LAYER_MECHANISMS: Readonly<Record<BlockingLayer, EventMechanism>> = {
  dns: 'dns-tampering',
  tcp: 'tcp-blocking',
  tls: 'tls-sni-blocking',
  http: 'http-blocking',
};
const LAYERS = Object.keys(LAYER_MECHANISMS) as BlockingLayer[];
type LayerMetric = `blocked_share_${BlockingLayer}`;
type Metric = (typeof METRICS)[number] | LayerMetric;

export function ooniSignalName(
  target: OoniTarget,
  slice: '' | '.mobile' | '.fixed',
  metric: Metric,
): string {
  return `ooni.${target}${slice}.${metric}`;
}

/** The blocked share at one layer: evidence of one mechanism, for one target. */
function layerSpecOf(target: OoniTarget, layer: BlockingLayer): SignalSpec {
  const mechanism = LAYER_MECHANISMS[layer];
  return {
    name: ooniSignalName(target, '', `blocked_share_${layer}`),
    description: `OONI share of ${target === 'web' ? 'website' : target} measurements blocked at ${layer.toUpperCase()} (${mechanism})`,
    unit: 'share',
    stepSeconds: OONI_STEP_SECONDS,
    combine: 'mean',
    missing: 'unknown',
    noise: 'binomial',
    minVolume: 3,
    layer: 'application',
    evidence: 'rise',
    subject: target,
    mechanism,
  };
}

function specOf(target: OoniTarget, slice: (typeof SLICES)[number], metric: Metric): SignalSpec {
  const what = `${target === 'web' ? 'websites' : target}${slice === '' ? '' : ` on ${slice.slice(1)} networks`}`;
  const base = {
    name: ooniSignalName(target, slice, metric),
    stepSeconds: OONI_STEP_SECONDS,
    missing: 'unknown' as const,
    minVolume: 3,
    layer: 'application' as const,
    // The blocked share rising is the evidence; counts and bounds are context.
    evidence: metric === 'blocked_share' ? ('rise' as const) : ('none' as const),
  };
  switch (metric) {
    case 'measurements':
    case 'decisive':
    case 'blocked':
      return {
        ...base,
        description: `OONI ${metric} measurements of ${what}`,
        unit: 'measurements',
        combine: 'sum',
        noise: 'poisson',
      };
    case 'change':
      return {
        ...base,
        description: `OONI change points of ${what}: 1 blocking began, -1 ended, 0 none`,
        unit: 'direction',
        combine: 'max',
        noise: 'gaussian',
      };
    default:
      return {
        ...base,
        description: `OONI ${metric.replaceAll('_', ' ')} of ${what} (Wilson 95% for bounds)`,
        unit: 'share',
        combine: 'mean',
        noise: 'binomial',
      };
  }
}

/** Every OONI signal, for the signal catalogue. */
export const OONI_SIGNALS: readonly SignalSpec[] = OONI_TARGETS.flatMap((target) => [
  ...SLICES.flatMap((slice) => METRICS.map((metric) => specOf(target, slice, metric))),
  ...LAYERS.map((layer) => layerSpecOf(target, layer)),
]);

/** The 95% Wilson score interval of `successes` in `trials`. */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): [number, number] {
  const p = successes / trials;
  const z2 = z * z;
  const center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half =
    (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

interface Counts {
  measurements: number;
  decisive: number;
  blocked: number;
  /** Blocked verdicts per layer, in LAYERS order (the whole-country and ASN series only). */
  byLayer: [number, number, number, number];
}

/** What a change-point detector returns for one series of (trials, blocked) per bin. */
export interface ChangePointLike {
  readonly bin: number;
  readonly detectedAt: number;
  readonly to: 'blocked' | 'reachable';
  readonly statistic: number;
}
export type ChangeDetector = (
  bins: readonly { bin: number; trials: number; blocked: number }[],
) => readonly ChangePointLike[];

export interface OoniAggregator {
  add(scored: ScoredMeasurement): void;
  /** Points for every bin seen, and the change points found in each series. */
  finish(source: string, detect: ChangeDetector): { points: SignalPoint[]; changes: OoniChange[] };
}

export interface OoniChange extends ChangePointLike {
  readonly entity: string;
  readonly signal: string;
}

export function createOoniAggregator(stepSeconds: number = OONI_STEP_SECONDS): OoniAggregator {
  // series key `entity|prefix` → bin → counts
  const series = new Map<string, Map<number, Counts>>();
  const count = (key: string, bin: number, layer: number, decisive: boolean) => {
    let bins = series.get(key);
    if (bins === undefined) series.set(key, (bins = new Map<number, Counts>()));
    let counts = bins.get(bin);
    if (counts === undefined)
      bins.set(bin, (counts = { measurements: 0, decisive: 0, blocked: 0, byLayer: [0, 0, 0, 0] }));
    counts.measurements += 1;
    if (decisive) counts.decisive += 1;
    if (layer >= 0) counts.blocked += 1;
    if (layer >= 0 && layer < LAYERS.length) counts.byLayer[layer] = counts.byLayer[layer]! + 1;
  };
  return {
    add(scored) {
      const bin = alignToBin(scored.startTime, stepSeconds);
      const country = formatEntity({ kind: 'country', code: scored.probeCc });
      const asn = formatEntity({ kind: 'asn', asn: scored.probeAsn });
      for (const v of scored.verdicts) {
        const blocked = v.verdict === 'blocked';
        const decisive = blocked || v.verdict === 'ok';
        // -1: not blocked; a blocked verdict without a layer counts as blocked, in no split.
        const layer = blocked ? (v.layer === null ? LAYERS.length : LAYERS.indexOf(v.layer)) : -1;
        const target = (v.target === 'web' ? appOfHost(v.detail) : null) ?? v.target;
        count(`${country}|ooni.${target}`, bin, layer, decisive);
        count(`${asn}|ooni.${target}`, bin, layer, decisive);
        if (scored.access !== 'unknown')
          count(`${country}|ooni.${target}.${scored.access}`, bin, layer, decisive);
      }
    },
    finish(source, detect) {
      const points: SignalPoint[] = [];
      const changes: OoniChange[] = [];
      for (const key of [...series.keys()].sort()) {
        const [entity = '', prefix = ''] = key.split('|');
        const found: Map<number, Counts> = series.get(key) ?? new Map<number, Counts>();
        const bins = [...found.entries()].sort((a, b) => a[0] - b[0]);
        const point = (metric: Metric, bin: number, value: number | null, coverage = 1) =>
          points.push({ entity, signal: `${prefix}.${metric}`, source, bin, value, coverage });
        const changed = detect(
          bins.map(([bin, c]) => ({ bin, trials: c.decisive, blocked: c.blocked })),
        );
        const direction = new Map(changed.map((p) => [p.bin, p.to === 'blocked' ? 1 : -1]));
        for (const p of changed) changes.push({ ...p, entity, signal: `${prefix}.change` });
        for (const [bin, c] of bins) {
          point('measurements', bin, c.measurements);
          point('decisive', bin, c.decisive);
          point('blocked', bin, c.blocked);
          // Coverage: the share of the bin's measurements that could be decided at all.
          const coverage = c.decisive / c.measurements;
          const [low, high] = c.decisive > 0 ? wilsonInterval(c.blocked, c.decisive) : [null, null];
          point('blocked_share', bin, c.decisive > 0 ? c.blocked / c.decisive : null, coverage);
          point('blocked_share_low', bin, low, coverage);
          point('blocked_share_high', bin, high, coverage);
          point('change', bin, c.decisive > 0 ? (direction.get(bin) ?? 0) : null, coverage);
          if (prefix.split('.').length !== 2) continue;
          LAYERS.forEach((layer, k) =>
            point(
              `blocked_share_${layer}`,
              bin,
              c.decisive > 0 ? c.byLayer[k]! / c.decisive : null,
              coverage,
            ),
          );
        }
      }
      return { points, changes };
    },
  };
}
