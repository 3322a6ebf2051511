/**
 * One SVG chart per signal for the incident report: the normalised series as a line (unknown
 * bins are gaps), the event's intervals shaded behind it. Drawn by Observable Plot into
 * linkedom's server-side document, so the report needs no browser and embeds plain SVG; the
 * time axis is UTC whatever the machine's zone.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { NormalisedSeries } from './normalise-series.js';

export const SHADE_COLOUR = '#e69f00';
export const LINE_COLOUR = '#0072b2';

export interface ChartOptions {
  readonly intervals: readonly { start: number; end: number }[];
  readonly width?: number;
  readonly height?: number;
}

export function signalChartSvg(normalised: NormalisedSeries, options: ChartOptions): string {
  // linkedom and Plot type their documents with DOM's Document, which the Node build (no DOM
  // lib) cannot name; linkedom's has all Plot uses (createElementNS, text nodes).
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as {
    document: unknown;
  };
  const { series } = normalised;
  const points = normalised.values.map((value, i) => ({
    time: new Date((series.from + i * series.step) * 1000),
    value,
  }));
  const shaded = options.intervals.map((iv) => ({
    x1: new Date(iv.start * 1000),
    x2: new Date(iv.end * 1000),
  }));
  const normalisedLabel = normalised.baseline === null ? series.unit : 'share of normal';
  const svg = Plot.plot({
    document: document as never,
    width: options.width ?? 720,
    height: options.height ?? 170,
    marginLeft: 48,
    style: { background: 'white', color: '#1a1a1a' },
    x: { type: 'utc', label: null },
    y: {
      label: normalisedLabel,
      grid: true,
      zero: true,
      ...(normalised.baseline === null ? {} : { tickFormat: '%' }),
    },
    marks: [
      Plot.rectX(shaded, { x1: 'x1', x2: 'x2', fill: SHADE_COLOUR, fillOpacity: 0.3 }),
      Plot.lineY(points, { x: 'time', y: 'value', stroke: LINE_COLOUR, strokeWidth: 1.5 }),
      Plot.ruleY([0]),
    ],
    ariaLabel: `${series.signal}: ${series.description}`,
  }) as unknown as { outerHTML: string };
  return svg.outerHTML;
}
