/**
 * The incident report as Markdown: summary, facts, timeline table, one chart per signal (SVG
 * embedded as a data URI so the file stays self-contained), affected networks and regions,
 * cost, methods. Pure: everything comes in through ReportInput.
 */
import { buildReportModel, type ReportModel } from './report-model.js';
import type { ReportInput } from './report-input.js';
import { METHODS } from './methods.js';

export function renderMarkdown(input: ReportInput): string {
  const model = buildReportModel(input);
  const lines: string[] = [];
  lines.push(`# ${cell(model.title)}`, '', model.summary, '');
  lines.push(...facts(model), '');
  lines.push(
    '## Timeline',
    '',
    '| entity | cut | start | end | duration |',
    '| --- | --: | --- | --- | --: |',
  );
  for (const row of model.timeline)
    lines.push(`| ${cell(row.label)} | ${row.cut} | ${row.start} | ${row.end} | ${row.duration} |`);
  lines.push('', '## Signals', '');
  if (model.charts.length === 0) lines.push('No signal data was stored for this event.', '');
  for (const chart of model.charts) {
    lines.push(`### ${cell(chart.signal)}`, '', `${cell(chart.caption)}`, '');
    // An SVG file (unlike inline SVG in HTML) needs its namespace to render as an image.
    const svg = chart.svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ');
    const data = Buffer.from(svg).toString('base64');
    lines.push(`![${cell(chart.signal)}](data:image/svg+xml;base64,${data})`, '');
  }
  lines.push('## Affected networks', '');
  lines.push(...affectedTable(model.networks, 'No single network was identified.'));
  lines.push('## Affected regions', '');
  lines.push(...affectedTable(model.regions, 'No region was identified.'));
  lines.push('## Cost', '', `Estimated cost: ${model.cost}.`);
  if (model.costBasis !== null) lines.push('', cell(model.costBasis));
  lines.push('', '## Methods', '');
  for (const paragraph of METHODS) lines.push(paragraph, '');
  lines.push(`_${model.footer}_`, '');
  return lines.join('\n');
}

function facts(model: ReportModel): string[] {
  return model.facts.map(([name, value]) => `- **${name}:** ${cell(value)}`);
}

function affectedTable(rows: ReportModel['networks'], empty: string): string[] {
  if (rows.length === 0) return [empty, ''];
  return [
    '| entity | lowest level | cuts | time cut |',
    '| --- | --: | --: | --: |',
    ...rows.map((r) => `| ${cell(r.label)} | ${r.depth} | ${r.cuts} | ${r.downtime} |`),
    '',
  ];
}

/** Markdown table cells and lines: pipes escaped, newlines flattened, HTML brackets escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll(/\r?\n/g, ' ');
}
