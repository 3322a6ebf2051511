/**
 * Every raw input a scenario writes is read back by Nightlight's own readers with zero errors,
 * and by the reference tools where there is one: MRT by the MRT reader and Debian's
 * `bgpdump -m` (same prefixes, same announcements and withdrawals), access logs by the log
 * collector, captures by the pcap collector and `tcpdump -nr`, OONI measurements by the
 * importer, with the verdicts the script intended.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { readMrt } from '../../src/collectors/bgp/mrt/read-mrt.js';
import { openInput } from '../../src/collectors/input/open-input.js';
import { expandInputs } from '../../src/collectors/input/expand-inputs.js';
import { ingestLogs } from '../../src/collectors/traffic/ingest-logs.js';
import { compileLogFormat } from '../../src/collectors/traffic/log-format.js';
import { ingestPcap } from '../../src/collectors/darknet/ingest-pcap.js';
import { readOoniRecords } from '../../src/collectors/ooni/read-measurements.js';
import {
  scoreMeasurement,
  type ScoredMeasurement,
} from '../../src/collectors/ooni/score-measurement.js';
import { defaultFingerprints } from '../../src/collectors/ooni/fingerprints.js';
import { loadDefaultAttributor } from '../../src/geo/load-attributor.js';
import { formatPrefix } from '../../src/geo/prefix.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { generateTiny, utc, type Generated } from './support.js';

let g: Generated;
const files = (dir: string) =>
  g.manifest.files.filter((f) => f.path.startsWith(`${dir}/`)).map((f) => join(g.out, f.path));

before(async () => {
  g = await generateTiny();
});

describe('scenario raw inputs read back', () => {
  it('MRT: our reader and bgpdump -m agree on every prefix, announcement and withdrawal', async () => {
    const ours = { prefixes: new Set<string>(), announced: 0, withdrawn: 0, states: 0, records: 0 };
    for (const file of files('mrt')) {
      const input = await openInput(file);
      for await (const result of readMrt(input.stream as AsyncIterable<Uint8Array>)) {
        assert.ok(result.ok, `${file}: ${result.ok ? '' : result.error.message}`);
        ours.records++;
        const body = result.record.body;
        if (body.kind === 'RIB') ours.prefixes.add(formatPrefix(body.prefix));
        if (body.kind === 'BGP4MP_STATE_CHANGE') ours.states++;
        if (body.kind !== 'BGP4MP_MESSAGE' || body.message.type !== 'UPDATE') continue;
        const m = body.message;
        ours.announced += m.nlri.length;
        ours.withdrawn += m.withdrawnRoutes.length;
        for (const a of m.pathAttributes) {
          if (a.type === 'MP_REACH_NLRI') ours.announced += a.nlri.length;
          if (a.type === 'MP_UNREACH_NLRI') ours.withdrawn += a.withdrawn.length;
        }
      }
    }
    assert.equal(ours.records, g.manifest.records.mrt);
    const lines = files('mrt').flatMap((f) =>
      execFileSync('bgpdump', ['-m', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n'),
    );
    const fields = lines.map((l) => l.split('|'));
    const ribPrefixes = new Set(fields.filter((f) => f[0] === 'TABLE_DUMP2').map((f) => f[5]!));
    assert.deepEqual([...ribPrefixes].sort(), [...ours.prefixes].sort());
    // The tiny plan's 40 + 24 /24s and 16 + 8 /48s, as aligned blocks: 2 + 2 IPv4, 1 + 1 IPv6;
    // then the rest of the world's 40 + 8 prefixes and the visitor's one.
    assert.equal(ours.prefixes.size, 6 + 40 + 8 + 1);
    assert.equal(fields.filter((f) => f[2] === 'A').length, ours.announced);
    assert.equal(fields.filter((f) => f[2] === 'W').length, ours.withdrawn);
    assert.ok(ours.withdrawn > 0, 'the scripted withdrawal appears');
  });

  it('logs: the log collector accepts every line', async () => {
    const attributor = await loadDefaultAttributor({
      asnPaths: g.manifest.geo.asnTables.map((p) => join(g.out, p)),
      countryPaths: g.manifest.geo.countryTables.map((p) => join(g.out, p)),
    });
    const result = await ingestLogs({
      inputs: files('logs'),
      source: 'logs:test',
      store: createMemoryStore(),
      attributor,
      format: compileLogFormat('combined'),
    });
    assert.equal(result.lines, g.manifest.records.logs);
    assert.equal(result.accepted, result.lines, JSON.stringify(result.firstIssues.slice(0, 2)));
  });

  it('pcap: the pcap collector and tcpdump read every packet', async () => {
    const attributor = await loadDefaultAttributor({
      asnPaths: g.manifest.geo.asnTables.map((p) => join(g.out, p)),
      countryPaths: g.manifest.geo.countryTables.map((p) => join(g.out, p)),
    });
    const result = await ingestPcap({
      inputs: files('pcap'),
      source: 'darknet:test',
      store: createMemoryStore(),
      attributor,
    });
    assert.equal(result.packets, g.manifest.records.pcap);
    assert.equal(result.accepted, result.packets, JSON.stringify(result.firstIssues.slice(0, 2)));
    assert.ok(result.totals.backscatterPackets > 0 && result.totals.spoofed.unrouted > 0);
    let tcpdump = 0;
    for (const file of files('pcap')) {
      const text = execFileSync('sh', ['-c', `zcat "$1" | tcpdump -nr - 2>/dev/null`, 'sh', file], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      tcpdump += text.trim().split('\n').length;
    }
    assert.equal(tcpdump, result.packets);
  });

  it('OONI: every measurement imports, with the verdicts the script intended', async () => {
    const scored: ScoredMeasurement[] = [];
    for (const file of await expandInputs([join(g.out, 'ooni')]))
      for await (const record of readOoniRecords(await openInput(file))) {
        assert.ok(record.ok, record.ok ? '' : record.issue.reason);
        scored.push(scoreMeasurement(record.measurement, defaultFingerprints(), () => 'unknown'));
      }
    assert.equal(scored.length, g.manifest.records.ooni);
    const [blockFrom, blockTo] = [utc('2022-01-03T12:00:00Z'), utc('2022-01-04T12:00:00Z')];
    let blocked = 0;
    for (const m of scored) {
      const during =
        m.probeAsn === 64501 && m.startTime >= blockFrom + 60 && m.startTime < blockTo - 60;
      for (const v of m.verdicts) {
        const isWhatsapp =
          v.target === 'whatsapp' || (v.target === 'web' && v.detail === 'web.whatsapp.com');
        if (during && isWhatsapp) {
          assert.deepEqual([v.verdict, v.layer], ['blocked', 'tls'], JSON.stringify(v));
          blocked++;
        } else if (
          m.startTime < blockFrom - 60 ||
          m.startTime > blockTo + 60 ||
          m.probeAsn !== 64501
        )
          assert.equal(v.verdict, 'ok', JSON.stringify(v));
      }
    }
    assert.ok(blocked > 10, `${blocked} blocked verdicts`);
    // Nobody on the blackholed network can upload while it is dark.
    assert.equal(
      scored.filter(
        (m) =>
          m.probeAsn === 64500 &&
          m.startTime >= utc('2022-01-04T06:00:00Z') &&
          m.startTime < utc('2022-01-04T09:00:00Z'),
      ).length,
      0,
    );
    const raw = readFileSync(files('ooni')[0]!, 'utf8').split('\n')[0]!;
    assert.match(raw, /"report_id":"20220103T\d{6}Z_whatsapp_KZ_645\d\d_n1_[A-Za-z]{16}"/);
  });
});
