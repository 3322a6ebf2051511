/**
 * The byte fast path for `combined` and `common` against the general scanner: the same format
 * written with braces (`${remote_addr}`) is not recognised as a preset and takes the general
 * path, so both runs over the same input must agree on every count, every reported line and
 * every stored point — on the real Apache log and on generated lines full of damage, disorder,
 * CRLF endings and lines cut across read chunks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ingestLogs } from '../../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat, PRESET_FORMATS } from '../../src/collectors/traffic/log-format.js';
import { formatClfTime } from '../../src/collectors/traffic/log-time.js';
import type { Attributor } from '../../src/geo/attributor.js';
import { formatIpv4 } from '../../src/geo/ip.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { rng } from '../../bench/logs-generate.js';
import { dumpSeries, fixture, halvesAttributor } from './support.js';

let attributor: Attributor;
before(async () => {
  attributor = await halvesAttributor();
});

async function both(path: string, preset: 'combined' | 'common') {
  const general = PRESET_FORMATS[preset]!.replace('$remote_addr', '${remote_addr}');
  const runs = [];
  for (const format of [compileLogFormat(preset), compileLogFormat(general)]) {
    const store = createMemoryStore();
    const result = await ingestLogs({
      inputs: [path],
      source: 'logs:test',
      store,
      attributor,
      format,
      reportIssues: 100_000,
    });
    runs.push({ result, series: await dumpSeries(store) });
  }
  const [fast, slow] = runs as [(typeof runs)[0], (typeof runs)[0]];
  assert.equal(compileLogFormat(preset).preset, preset);
  assert.equal(compileLogFormat(general).preset, null);
  return { fast, slow };
}

/** Seeded lines: mostly clean, some damaged, times out of order, CRLF now and then. */
function generatedLog(lines: number): string {
  const random = rng(7);
  const out: string[] = [];
  const damage = ['"', '\\', ' ', ']', 'x', '', '\u00e9', '\n'];
  let length = 0;
  for (let i = 0; i < lines; i++) {
    const time = 1641340800 + i * 2 - Math.floor(random() * 400);
    const agent = random() < 0.3 ? 'Mozilla/5.0 (iPhone) Mobile/15E148' : 'curl/8.0';
    let line = `${formatIpv4(Math.floor(random() * 2 ** 32))} - - [${formatClfTime(time, 360)}] "GET /${i} HTTP/1.1" 200 ${i} "-" "${agent}"`;
    if (random() < 0.1) {
      const at = Math.floor(random() * line.length);
      line = line.slice(0, at) + damage[Math.floor(random() * damage.length)]! + line.slice(at + 1);
    }
    if (random() < 0.05) line = `${line}\r`;
    // The line the first read chunk (1 MiB) cuts in two is refused: its offset is reported.
    if (length < 2 ** 20 && length + line.length >= 2 ** 20) line = `x${line}`;
    length += line.length + 1;
    out.push(line);
  }
  return out.join('\n');
}

describe('the combined/common fast path', () => {
  it('agrees with the general scanner on the real Apache log', async () => {
    const { fast, slow } = await both(fixture('logs/apache-combined-2015.log'), 'combined');
    assert.deepEqual(fast.result, slow.result);
    assert.deepEqual(fast.series, slow.series);
    assert.ok(fast.result.accepted > 9000);
  });

  it('agrees on damaged, disordered, CRLF lines spanning read chunks (combined and common)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-fast-'));
    const path = join(dir, 'access.log');
    // Over 1 MB, so that lines are cut across the reader's chunks; no final newline.
    writeFileSync(path, generatedLog(12_000), 'latin1');
    for (const preset of ['combined', 'common'] as const) {
      const { fast, slow } = await both(path, preset);
      assert.deepEqual(fast.result, slow.result, preset);
      assert.deepEqual(fast.series, slow.series, preset);
      const refused = Object.values(fast.result.issues).reduce((a, b) => a + b, 0);
      assert.ok(fast.result.accepted > 10_000 && refused > 100, `${preset}: ${refused} refused`);
      assert.ok((fast.result.issues.too_late ?? 0) > 0, 'some lines are too late');
      const bytes = readFileSync(path);
      for (const issue of fast.result.firstIssues)
        assert.equal(
          bytes.toString('latin1', issue.offset, issue.offset + issue.text.length),
          issue.text,
        );
      assert.ok(
        fast.result.firstIssues.some(
          (i) => i.offset < 2 ** 20 && i.offset + i.text.length > 2 ** 20,
        ),
      );
    }
  });
});
