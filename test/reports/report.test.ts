/**
 * Incident reports: golden Markdown and HTML for the Kazakhstan-like event (UPDATE_GOLDEN=1
 * rewrites them; review the diff), the HTML is self-contained and escapes what it prints, a
 * missing cost says "not available", and `nightlight report` writes md, html and a PDF printed
 * by headless Chromium from a real DuckDB file. Without Chromium the PDF test fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { OutageEvent } from '../../src/model/event.js';
import type { ReportInput, ReportSeries } from '../../src/outputs/reports/report-input.js';
import { renderHtml } from '../../src/outputs/reports/render-html.js';
import { renderMarkdown } from '../../src/outputs/reports/render-markdown.js';
import { createDuckDBStore } from '../../src/store/duckdb.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { kzEvent, kzPoints } from './kz-fixture.js';

const GOLDEN = join(import.meta.dirname, '../golden/reports');
const STEP = 3600;

async function kzInput(event: OutageEvent = kzEvent()): Promise<ReportInput> {
  const store = createMemoryStore();
  await store.writePoints(kzPoints(event));
  const from = Math.floor((event.start - 2 * 86400) / STEP) * STEP;
  const to = Math.floor(((event.end ?? event.updatedAt) + 86400) / STEP) * STEP;
  const series: ReportSeries[] = [];
  for (const signal of event.signals) {
    const points = await store.aggregateSeries({
      entity: event.location,
      signal,
      from,
      to,
      stepSeconds: STEP,
      combine: 'sum',
    });
    const values = new Array<number | null>((to - from) / STEP).fill(null);
    for (const p of points) values[(p.bin - from) / STEP] = p.value;
    series.push({
      signal,
      unit: 'count',
      description: `${signal} (fixture)`,
      step: STEP,
      from,
      values,
    });
  }
  return {
    event,
    series,
    cost: {
      low: 12_400_000,
      high: 41_000_000,
      currency: 'USD',
      basis: 'fixture: not a real estimate',
    },
    networks: new Map([
      [9198, { name: 'JSC Kazakhtelecom', access: 'fixed' }],
      [29355, { name: 'Kcell JSC', access: 'mobile' }],
    ]),
    generatedAt: Date.parse('2022-01-10T08:00:00Z') / 1000,
  };
}

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      assert.fail(`wrote missing golden ${name}: review and re-run`);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from its golden file`);
}

describe('incident report builders', () => {
  it('Markdown matches its golden file', async () => {
    golden('kz-2022.md', renderMarkdown(await kzInput()));
  });

  it('HTML matches its golden file', async () => {
    golden('kz-2022.html', renderHtml(await kzInput()));
  });

  it('says every cut of every entity and the summary facts', async () => {
    const md = renderMarkdown(await kzInput());
    assert.match(
      md,
      /Kazakhstan: nationwide internet shutdown from 2022-01-05 10:35 UTC to 2022-01-10 06:00 UTC/,
    );
    assert.match(md, /3 cuts with 2 partial restorations/);
    assert.match(md, /4% of normal/);
    const rows = md.split('\n').filter((l) => /^\| (Kazakhstan|AS|region)/.test(l));
    const expected = kzEvent().affected.reduce((n, a) => n + a.intervals.length, 0);
    assert.equal(rows.filter((l) => / \| \d+ \| 20/.test(l)).length, expected);
    assert.match(md, /AS9198 JSC Kazakhtelecom \(fixed\)/);
    assert.match(md, /AS21299 \|/, 'an ASN without a known name prints bare');
    assert.match(md, /region KZ-75/);
    assert.match(md, /12,400,000 – 41,000,000 USD/);
  });

  it('HTML is self-contained: no external URL, script or stylesheet link', async () => {
    const html = renderHtml(await kzInput());
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
    assert.equal((html.match(/<svg/g) ?? []).length, 3, 'one chart per signal');
    const shades = html.match(/<g[^>]*fill="#e69f00"[^>]*>(?:<rect [^>]*\/>)+<\/g>/g) ?? [];
    assert.equal(shades.length, 3, 'each chart shades the intervals');
    for (const g of shades) assert.equal(g.match(/<rect /g)?.length, 3, 'three cuts shaded');
  });

  it('a missing cost says "not available"; event text is escaped', async () => {
    const input = { ...(await kzInput(kzEvent({ id: '<script>alert(1)</script>' }))), cost: null };
    const html = renderHtml(input);
    assert.match(html, /Estimated cost: <strong>not available<\/strong>/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(renderMarkdown(input), /Estimated cost: not available\./);
  });

  it('an ongoing event says since when and draws its open interval to the last update', async () => {
    const event = kzEvent({ end: null });
    const md = renderMarkdown(await kzInput(event));
    assert.match(md, /ongoing since 2022-01-05 10:35 UTC/);
  });
});

describe('nightlight report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nightlight-report-'));
  const db = join(dir, 'kz.duckdb');
  const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), entry, '--db', db, ...args],
      {
        cwd: dir,
        env: { ...process.env, TZ: 'UTC' },
      },
    );

  it('writes md, html and a PDF printed by Chromium from a DuckDB store', async () => {
    const store = await createDuckDBStore({ path: db });
    await store.writePoints(kzPoints());
    await store.writeEvents([kzEvent()]);
    await store.close();

    const md = run(['report', 'kz-2022-01-05', '--format', 'md']);
    assert.equal(md.status, 0, md.stderr.toString());
    assert.match(md.stdout.toString(), /^# Incident report: Kazakhstan, 2022-01-05/);
    assert.match(md.stdout.toString(), /AS29355 Kcell JSC \(mobile\)/);

    const htmlPath = join(dir, 'kz.html');
    const html = run(['report', 'kz-2022-01-05', '--format', 'html', '--out', htmlPath]);
    assert.equal(html.status, 0, html.stderr.toString());
    assert.equal((readFileSync(htmlPath, 'utf8').match(/<svg/g) ?? []).length, 3);

    const pdfPath = join(dir, 'kz.pdf');
    const pdf = run(['report', 'kz-2022-01-05', '--format', 'pdf', '--out', pdfPath]);
    assert.equal(pdf.status, 0, pdf.stderr.toString());
    const bytes = readFileSync(pdfPath);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(bytes.length > 10_000, `PDF is ${bytes.length} bytes`);
  });

  it('an unknown event exits 66 and a bad format 65', () => {
    assert.equal(run(['report', 'no-such-event']).status, 66);
    assert.equal(run(['report', 'kz-2022-01-05', '--format', 'docx']).status, 65);
  });
});
