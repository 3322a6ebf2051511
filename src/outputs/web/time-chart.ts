/**
 * Several signals on one time axis, as IODA draws them: uPlot, one line per signal (already
 * normalised), unknown bins as gaps (null values, never joined), the event intervals shaded as
 * elements under the canvas (`.nl-shade`, one per interval), the axis in UTC or local time.
 */
import uPlot from 'uplot';
import { h } from './dom.js';
import { SHADE, seriesColour } from './palette.js';
import { currentZone } from './time-format.js';

export interface ChartLine {
  readonly label: string;
  readonly from: number;
  readonly step: number;
  readonly values: readonly (number | null)[];
}

export interface ChartOptions {
  readonly lines: readonly ChartLine[];
  readonly intervals: readonly { start: number; end: number }[];
  readonly height?: number;
  readonly yLabel?: string;
}

/** All lines on one x grid: the union of their bins (most share one step and start). */
function align(lines: readonly ChartLine[]): uPlot.AlignedData {
  const times = new Set<number>();
  for (const line of lines) line.values.forEach((_, i) => times.add(line.from + i * line.step));
  const xs = Float64Array.from(times).sort();
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = lines.map((line) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    line.values.forEach((v, i) => (column[index.get(line.from + i * line.step)!] = v));
    return column;
  });
  return [Array.from(xs), ...ys] as uPlot.AlignedData;
}

function shadePlugin(intervals: ChartOptions['intervals']): uPlot.Plugin {
  const place = (u: uPlot) => {
    u.under.querySelectorAll('.nl-shade').forEach((el) => el.remove());
    const min = u.scales.x?.min ?? 0;
    const max = u.scales.x?.max ?? 0;
    for (const iv of intervals) {
      if (iv.end <= min || iv.start >= max) continue;
      const left = u.valToPos(Math.max(iv.start, min), 'x');
      const right = u.valToPos(Math.min(iv.end, max), 'x');
      const shade = h('div', {
        class: 'nl-shade',
        'data-start': iv.start,
        'data-end': iv.end,
        style: `left:${left}px;width:${Math.max(1, right - left)}px;background:${SHADE}`,
      });
      u.under.appendChild(shade);
    }
  };
  return { hooks: { draw: place } };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 24-hour ticks: `01-05` for day steps, `01-05` over `16:00` below a day, in UTC or local. */
function tickLabel(seconds: number, increment: number, utc: boolean): string {
  const d = new Date(seconds * 1000);
  const [mo, da, ho, mi] = utc
    ? [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
  const day = `${pad(mo)}-${pad(da)}`;
  return increment >= 86400 ? day : `${day}\n${pad(ho)}:${pad(mi)}`;
}

export function timeChart(container: HTMLElement, options: ChartOptions): uPlot {
  const width = Math.max(280, container.clientWidth);
  const utc = currentZone() === 'utc';
  const chart = new uPlot(
    {
      width,
      height: options.height ?? 300,
      ...(utc ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(1.2, max * 1.05)] },
      },
      axes: [
        {
          stroke: '#333',
          grid: { stroke: '#e5e5e5' },
          space: 70,
          values: (_u, ticks, _a, _f, incr) => ticks.map((t) => tickLabel(t, incr, utc)),
        },
        {
          stroke: '#333',
          grid: { stroke: '#e5e5e5' },
          label: options.yLabel ?? 'share of normal',
          size: 56,
          values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`),
        },
      ],
      series: [
        { label: utc ? 'time (UTC)' : 'time (local)' },
        ...options.lines.map((line, i) => ({
          label: line.label,
          stroke: seriesColour(i),
          width: 1.5,
          spanGaps: false,
          // idx is null when the cursor is off the chart: nothing to report yet, not "unknown".
          value: (_u: uPlot, v: number | null, _s: number, idx: number | null) =>
            idx === null ? '–' : v === null ? 'unknown' : `${Math.round(v * 100)}%`,
        })),
      ],
      plugins: [shadePlugin(options.intervals)],
      cursor: { drag: { x: true, y: false } },
    },
    align(options.lines),
    container,
  );
  const observer = new ResizeObserver(() => {
    const next = Math.max(280, container.clientWidth);
    if (next !== chart.width) chart.setSize({ width: next, height: chart.height });
  });
  observer.observe(container);
  return chart;
}
