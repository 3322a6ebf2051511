/**
 * Vantage and collector health. A source (a collector, a log, a prober, an imported file) can
 * fail in two ways that look like outages and are not: it goes silent (every series of it
 * unknown), or it is itself cut off (the website whose logs we read is down, so every
 * country's traffic drops at once). Both are reported as findings; the anomalies of a cut-off
 * source are withheld from fusion unless another source confirms them on the same entity, so
 * no outage is emitted for the world. Silence is judged against the source's own rhythm: a
 * source that is quiet every night (OONI volunteers asleep) is not silent then, only when it
 * is quiet where its history says it usually has data. Pure.
 */
import type { EpochSeconds } from '../model/time.js';
import type { EvidenceItem } from './classify.js';

export interface HealthFinding {
  /** silent: no data from the source; vantage-cut: the source itself lost its view. */
  readonly kind: 'silent' | 'vantage-cut';
  readonly source: string;
  readonly start: EpochSeconds;
  /** Exclusive end, or null while it lasts. */
  readonly end: EpochSeconds | null;
  /** Countries whose series dropped together (vantage-cut), or went quiet (silent). */
  readonly countries: readonly string[];
  readonly message: string;
}

export interface HealthOptions {
  /** A source is cut off when at least this many of its countries drop at once … */
  readonly minCountries: number;
  /** … and they are at least this share of the countries it observes. */
  readonly countryShare: number;
  /** Silence shorter than this many of the source's bins is ordinary jitter. */
  readonly minSilentBins: number;
  /**
   * A quiet stretch is a silence only when the source's rhythm makes it this unlikely: the
   * chance that every bin of it is empty, from how often each bin's hour had data in the rest
   * of the source's history.
   */
  readonly maxSilenceChance: number;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {
  minCountries: 3,
  countryShare: 0.5,
  minSilentBins: 3,
  maxSilenceChance: 0.001,
};

const endOf = (item: { end: EpochSeconds | null }) => item.end ?? Infinity;

/**
 * Finds stretches where one source's connectivity anomalies span many countries at once and
 * returns the findings and the items that survive (those of other sources, and those another
 * source confirms on the same entity and time).
 */
export function screenVantages(
  items: readonly EvidenceItem[],
  /** Countries each source observes (has any series for). */
  observed: ReadonlyMap<string, ReadonlySet<string>>,
  options: HealthOptions = DEFAULT_HEALTH_OPTIONS,
): { findings: HealthFinding[]; kept: EvidenceItem[] } {
  const bySource = new Map<string, EvidenceItem[]>();
  for (const item of items) {
    if (item.class !== 'connectivity' || item.country === null) continue;
    let list = bySource.get(item.source);
    if (list === undefined) bySource.set(item.source, (list = []));
    list.push(item);
  }
  const findings: HealthFinding[] = [];
  const withheld = new Set<EvidenceItem>();
  for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const seen = observed.get(source)?.size ?? 0;
    const needed = Math.max(options.minCountries, Math.ceil(options.countryShare * seen));
    for (const cut of wideStretches(list, needed)) {
      const countries = new Set<string>();
      for (const item of list) {
        if (item.start < endOf(cut) && endOf(item) > cut.start) {
          withheld.add(item);
          countries.add(item.country!);
        }
      }
      findings.push({
        kind: 'vantage-cut',
        source,
        start: cut.start,
        end: cut.end,
        countries: [...countries].sort(),
        message: `Source ${source} lost ${countries.size} of the ${seen} countries it observes at once: its own vantage failed, not the world`,
      });
    }
  }
  const confirmed = (item: EvidenceItem) =>
    items.some(
      (other) =>
        other.source !== item.source &&
        !withheld.has(other) &&
        other.entity === item.entity &&
        other.start < endOf(item) &&
        endOf(other) > item.start,
    );
  return { findings, kept: items.filter((i) => !withheld.has(i) || confirmed(i)) };
}

/** Stretches where at least `needed` distinct countries have an active item. */
function wideStretches(
  list: readonly EvidenceItem[],
  needed: number,
): { start: EpochSeconds; end: EpochSeconds | null }[] {
  const edges = [...new Set(list.flatMap((i) => [i.start, endOf(i)]))].sort((a, b) => a - b);
  const found: { start: EpochSeconds; end: EpochSeconds | null }[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [a, b] = [edges[k]!, edges[k + 1]!];
    const countries = new Set(
      list.filter((i) => i.start <= a && endOf(i) >= b).map((i) => i.country),
    );
    if (countries.size < needed) continue;
    const last = found[found.length - 1];
    if (last !== undefined && last.end === a) last.end = b === Infinity ? null : b;
    else found.push({ start: a, end: b === Infinity ? null : b });
  }
  return found;
}

/** One series of a source on a regular grid, NaN where unknown. */
export interface SourceSeries {
  readonly source: string;
  readonly country: string | null;
  readonly start: EpochSeconds;
  readonly step: number;
  readonly values: Float64Array;
}

/**
 * Stretches where every series of a source is unknown, after it had data, and its rhythm says
 * it should have sent some (sourceRhythm): the source went silent. Each source is read on the
 * grid of its finest step.
 */
export function findSilences(
  series: readonly SourceSeries[],
  partial: Partial<HealthOptions> = {},
): HealthFinding[] {
  const options = { ...DEFAULT_HEALTH_OPTIONS, ...partial };
  const bySource = new Map<string, SourceSeries[]>();
  for (const s of series) {
    let list = bySource.get(s.source);
    if (list === undefined) bySource.set(s.source, (list = []));
    list.push(s);
  }
  const findings: HealthFinding[] = [];
  for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const step = Math.min(...list.map((s) => s.step));
    const from = Math.min(...list.map((s) => s.start));
    const to = Math.max(...list.map((s) => s.start + s.values.length * s.step));
    const bins = Math.ceil((to - from) / step);
    const known = new Uint8Array(bins);
    for (const s of list)
      s.values.forEach((v, i) => {
        if (Number.isNaN(v)) return;
        const first = Math.floor((s.start + i * s.step - from) / step);
        for (let k = 0; k < s.step / step && first + k < bins; k++) known[first + k] = 1;
      });
    const countries = [
      ...new Set(list.flatMap((s) => (s.country === null ? [] : [s.country]))),
    ].sort();
    const rhythm = sourceRhythm(known, from, step);
    let hadData = false;
    for (let i = 0; i < bins;) {
      if (known[i] === 1 || !hadData) {
        hadData ||= known[i] === 1;
        i++;
        continue;
      }
      let j = i;
      while (j < bins && known[j] === 0) j++;
      const usual = j - i >= options.minSilentBins ? rhythm.judge(i, j) : null;
      if (usual !== null && usual.chance <= options.maxSilenceChance) {
        const ongoing = j === bins;
        findings.push({
          kind: 'silent',
          source,
          start: from + i * step,
          end: ongoing ? null : from + j * step,
          countries,
          message: `Source ${source} sent no data for ${((j - i) * step) / 3600} h${ongoing ? ' (ongoing)' : ''} where it usually has ${round1(usual.expected)} bins of data: unknown, not an outage`,
        });
      }
      i = j;
    }
  }
  return findings;
}

const HOUR = 3600;
const WEEK = 7 * 24 * HOUR;
/** An hour of the week needs this many bins of history to stand for itself; else hour of day. */
const MIN_SLOT_BINS = 8;

export interface SourceRhythm {
  /**
   * For the quiet bins [i, j): how many of them the source usually fills, and the chance that
   * all of them are empty by its rhythm alone (bins taken as independent). The stretch itself
   * is left out of the history it is judged by.
   */
  judge(i: number, j: number): { expected: number; chance: number };
}

/**
 * A source's rhythm from its own history: per hour of the week (or per hour of the day when
 * the weeks seen are too few to fill an hour of the week), the share of bins that had data,
 * counted from its first bin with data on. Shares are smoothed (add one half) so that a short
 * history never claims certainty.
 */
export function sourceRhythm(known: Uint8Array, from: EpochSeconds, step: number): SourceRhythm {
  const first = known.indexOf(1);
  const weekKnown = new Float64Array(168);
  const weekTotal = new Float64Array(168);
  const dayKnown = new Float64Array(24);
  const dayTotal = new Float64Array(24);
  const hourOf = (bin: number) => Math.floor(((((from + bin * step) % WEEK) + WEEK) % WEEK) / HOUR);
  for (let b = Math.max(0, first); first >= 0 && b < known.length; b++) {
    const h = hourOf(b);
    weekTotal[h]! += 1;
    dayTotal[h % 24]! += 1;
    if (known[b] === 1) {
      weekKnown[h]! += 1;
      dayKnown[h % 24]! += 1;
    }
  }
  return {
    judge(i, j) {
      // The stretch is all quiet: only the totals lose its bins.
      const weekOwn = new Map<number, number>();
      for (let b = i; b < j; b++) weekOwn.set(hourOf(b), (weekOwn.get(hourOf(b)) ?? 0) + 1);
      const dayOwn = new Map<number, number>();
      for (const [h, n] of weekOwn) dayOwn.set(h % 24, (dayOwn.get(h % 24) ?? 0) + n);
      let expected = 0;
      let logChance = 0;
      for (let b = i; b < j; b++) {
        const h = hourOf(b);
        const weekRest = weekTotal[h]! - weekOwn.get(h)!;
        const [hits, total] =
          weekRest >= MIN_SLOT_BINS
            ? [weekKnown[h]!, weekRest]
            : [dayKnown[h % 24]!, dayTotal[h % 24]! - dayOwn.get(h % 24)!];
        const p = (hits + 0.5) / (total + 1);
        expected += p;
        logChance += Math.log1p(-p);
      }
      return { expected, chance: Math.exp(logChance) };
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
