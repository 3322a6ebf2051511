/**
 * The timeline of cuts and restorations: one row per affected entity, one bar per cut, so the
 * gaps between bars are the partial restorations. Inline SVG with a day grid; an open cut
 * runs to now and is drawn with a dashed end.
 */
import type { OutageEvent } from './api-types.js';
import { s } from './dom.js';
import { entityLabel } from './event-facts.js';
import { formatOther, formatWhen } from './time-format.js';

const ROW = 26;
const LABEL = 250;
const WIDTH = 900;
const AXIS = 22;

export function timelineSvg(event: OutageEvent, now: number): SVGElement {
  const end = event.end ?? now;
  const pad = Math.max(3600, (end - event.start) * 0.03);
  const t0 = event.start - pad;
  const t1 = end + pad;
  const x = (t: number) => LABEL + ((t - t0) / (t1 - t0)) * (WIDTH - LABEL - 10);
  const height = AXIS + ROW * event.affected.length + 6;
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: 'timeline',
    role: 'img',
    'aria-label': 'Timeline of cuts and restorations per affected entity',
  });
  const day = 86400;
  const step = t1 - t0 > 12 * day ? 7 * day : t1 - t0 > 2 * day ? day : 6 * 3600;
  for (let t = Math.ceil(t0 / step) * step; t < t1; t += step) {
    svg.appendChild(s('line', { x1: x(t), x2: x(t), y1: AXIS - 4, y2: height, stroke: '#ddd' }));
    svg.appendChild(
      s(
        'text',
        { x: x(t), y: 12, 'text-anchor': 'middle', class: 'tick' },
        formatWhen(t).slice(5, step < day ? 16 : 10),
      ),
    );
  }
  event.affected.forEach((affected, row) => {
    const y = AXIS + row * ROW;
    svg.appendChild(
      s(
        'text',
        { x: LABEL - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', class: 'row-label' },
        shorten(entityLabel(affected.entity)),
      ),
    );
    svg.appendChild(
      s('line', {
        x1: LABEL,
        x2: WIDTH - 10,
        y1: y + ROW / 2,
        y2: y + ROW / 2,
        stroke: '#009e73',
        'stroke-width': 2,
      }),
    );
    affected.intervals.forEach((iv, i) => {
      const stop = iv.end ?? now;
      const bar = s(
        'rect',
        {
          x: x(iv.start),
          y: y + 4,
          width: Math.max(2, x(stop) - x(iv.start)),
          height: ROW - 8,
          class: iv.end === null ? 'cut open' : 'cut',
          'data-entity': affected.entity,
          'data-cut': i + 1,
        },
        s(
          'title',
          {},
          `${entityLabel(affected.entity)}: cut ${i + 1} from ${formatWhen(iv.start)} (${formatOther(iv.start)}) to ${iv.end === null ? 'now (ongoing)' : formatWhen(iv.end)}`,
        ),
      );
      svg.appendChild(bar);
    });
  });
  return svg;
}

/** Long network names are cut so the row label fits its column (the table has them whole). */
function shorten(label: string): string {
  return label.length > 34 ? `${label.slice(0, 33)}…` : label;
}
