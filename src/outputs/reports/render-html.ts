/**
 * The incident report as one self-contained HTML page: inline CSS, inline SVG charts, no
 * script and no external request, so it can be mailed, archived or printed to PDF as is.
 * Every text from the event or the store is escaped.
 */
import { METHODS } from './methods.js';
import type { ReportInput } from './report-input.js';
import { buildReportModel, type AffectedRow } from './report-model.js';
import { LINE_COLOUR, SHADE_COLOUR } from './signal-chart.js';

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:780px;padding:24px}
h1{font-size:1.5em;margin:0 0 .4em}h2{font-size:1.15em;margin:1.6em 0 .4em;border-bottom:1px solid #ccc}
h3{font-size:1em;margin:1.2em 0 .2em}.summary{font-size:1.1em;background:#f3f3f3;padding:12px 16px;border-left:4px solid ${LINE_COLOUR}}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #ddd}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}
dt{font-weight:600}dd{margin:0}figure{margin:8px 0 16px}figcaption{font-size:.85em;color:#444}
.key{display:inline-block;width:12px;height:12px;background:${SHADE_COLOUR};opacity:.5;vertical-align:middle}
footer{margin-top:2em;font-size:.8em;color:#555}@media print{body{padding:0}figure{break-inside:avoid}}
`;

export function renderHtml(input: ReportInput): string {
  const m = buildReportModel(input);
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${esc(m.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(m.title)}</h1>`,
    `<p class="summary">${esc(m.summary)}</p>`,
    '<dl>',
    ...m.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`),
    '</dl>',
    '<h2>Timeline</h2>',
    '<table><thead><tr><th>entity</th><th class="n">cut</th><th>start</th><th>end</th><th class="n">duration</th></tr></thead><tbody>',
    ...m.timeline.map(
      (r) =>
        `<tr><td>${esc(r.label)}</td><td class="n">${r.cut}</td><td>${esc(r.start)}</td><td>${esc(r.end)}</td><td class="n">${esc(r.duration)}</td></tr>`,
    ),
    '</tbody></table>',
    '<h2>Signals</h2>',
    `<p><span class="key"></span> the event's intervals; each line is the signal divided by its normal level, gaps are unknown bins.</p>`,
    ...(m.charts.length === 0 ? ['<p>No signal data was stored for this event.</p>'] : []),
    ...m.charts.map(
      (c) =>
        `<figure><h3>${esc(c.signal)}</h3>${c.svg}<figcaption>${esc(c.caption)}</figcaption></figure>`,
    ),
    '<h2>Affected networks</h2>',
    affectedTable(m.networks, 'No single network was identified.'),
    '<h2>Affected regions</h2>',
    affectedTable(m.regions, 'No region was identified.'),
    '<h2>Cost</h2>',
    `<p>Estimated cost: <strong>${esc(m.cost)}</strong>.</p>`,
    ...(m.costBasis === null ? [] : [`<p>${esc(m.costBasis)}</p>`]),
    '<h2>Methods</h2>',
    ...METHODS.map((p) => `<p>${esc(p)}</p>`),
    `<footer>${esc(m.footer)}</footer>`,
    '</body></html>',
    '',
  ];
  return parts.join('\n');
}

function affectedTable(rows: readonly AffectedRow[], empty: string): string {
  if (rows.length === 0) return `<p>${esc(empty)}</p>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.label)}</td><td class="n">${esc(r.depth)}</td><td class="n">${r.cuts}</td><td class="n">${esc(r.downtime)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>entity</th><th class="n">lowest level</th><th class="n">cuts</th><th class="n">time cut</th></tr></thead><tbody>${body}</tbody></table>`;
}

function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
