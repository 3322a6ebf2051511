import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ingestMrt } from '../../src/collectors/bgp/ingest-mrt.js';
import { fakeAttributor } from './fake-attributor.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import { mrtFile, ribDump, stateChange, update, type TestPeer } from './mrt-builder.js';

const T0 = 1_700_000_100; // 5 minutes into a bin that starts at 1_700_000_100 - 100
const BIN0 = Math.floor(T0 / 300) * 300;
const peers: TestPeer[] = [
  { address: '10.0.0.1', asn: 64501 },
  { address: '10.0.0.2', asn: 64502 },
  { address: '10.0.0.3', asn: 64503 },
];

/** 20 /24s of AS 65001 in 198.18.0.0/19 (country KZ for the fake attributor), seen by all. */
const prefixes = Array.from({ length: 20 }, (_, i) => `198.18.${i}.0/24`);

function files(dir: string): string[] {
  const rib = ribDump(
    T0,
    peers,
    peers.flatMap((p, i) => [
      ...prefixes.map((x): [number, string, number[]] => [i, x, [p.asn, 65001]]),
      [i, '20.0.0.0/16', [p.asn, 65009]] as [number, string, number[]],
    ]),
  );
  // Bin 1: every peer withdraws 5 prefixes; one announces a new one. Bin 2: peer 3 goes down.
  const upd1 = [
    ...peers.map((p) => update(T0 + 300, p, [], [], prefixes.slice(0, 5))),
    update(T0 + 310, peers[0]!, ['198.18.100.0/24'], [64501, 65002]),
  ];
  const upd2 = [
    stateChange(T0 + 600, peers[2]!, 6, 1),
    update(T0 + 610, peers[0]!, [], [], prefixes.slice(5, 6)),
  ];
  const names = [join(dir, 'bview.gz'), join(dir, 'updates.1'), join(dir, 'updates.2')];
  writeFileSync(names[0]!, gzipSync(mrtFile(rib)));
  writeFileSync(names[1]!, mrtFile(upd1));
  writeFileSync(names[2]!, mrtFile(upd2));
  return names;
}

async function series(store: Store, entity: string, signal: string) {
  const [s] = await store.readSeries({ entity, signals: [signal], from: 0, to: 2e9 });
  return s === undefined ? [] : [...s.bins].map((b, i) => [b - BIN0, s.values[i]!]);
}

describe('ingest mrt', () => {
  it('turns a RIB dump and updates into per-bin visibility and update counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-mrt-'));
    const store = createMemoryStore();
    const inputs = files(dir);
    const result = await ingestMrt({ inputs, source: 's', store, attributor: fakeAttributor });
    assert.equal(result.corrupt, 0);
    assert.equal(result.peers, 3);
    assert.deepEqual(await series(store, 'asn/65001', 'bgp.slash24s'), [
      [0, 20],
      [300, 15],
      [600, 14],
    ]);
    assert.deepEqual(await series(store, 'asn/65001', 'bgp.withdrawals'), [
      [0, 0],
      [300, 15],
      [600, 1],
    ]);
    // One of three peers carries it: not visible; its announcement still counts.
    assert.deepEqual(await series(store, 'asn/65002', 'bgp.prefixes'), [[300, 0]]);
    assert.deepEqual(await series(store, 'asn/65002', 'bgp.updates'), [[300, 1]]);
    assert.deepEqual(await series(store, 'country/KZ', 'bgp.updates'), [
      [0, 0],
      [300, 1],
      [600, 0],
    ]);
  });

  it('a rerun and a resumed run count nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-mrt-'));
    const inputs = files(dir);
    const once = createMemoryStore();
    await ingestMrt({ inputs, source: 's', store: once, attributor: fakeAttributor });
    const twice = createMemoryStore();
    const first = await ingestMrt({
      inputs: inputs.slice(0, 2),
      source: 's',
      store: twice,
      attributor: fakeAttributor,
      batchBins: 1,
    });
    assert.equal(first.bins, 2);
    const again = await ingestMrt({
      inputs: inputs.slice(0, 2),
      source: 's',
      store: twice,
      attributor: fakeAttributor,
    });
    assert.equal(again.alreadyIngested, true);
    const more = await ingestMrt({ inputs, source: 's', store: twice, attributor: fakeAttributor });
    assert.equal(more.skippedBins, 1, 'the first whole bin is kept, the partial one redone');
    for (const [entity, signal] of [
      ['asn/65001', 'bgp.slash24s'],
      ['asn/65001', 'bgp.withdrawals'],
      ['country/KZ', 'bgp.updates'],
    ] as const)
      assert.deepEqual(await series(twice, entity, signal), await series(once, entity, signal));
  });

  it('reports a corrupt record and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-mrt-'));
    const inputs = files(dir);
    const bad = join(dir, 'bad');
    writeFileSync(bad, Buffer.from([0, 0, 0, 1, 0, 16, 0, 4, 0, 0, 0, 3, 1, 2, 3]));
    const issues: string[] = [];
    const result = await ingestMrt({
      inputs: [...inputs, bad],
      source: 's',
      store: createMemoryStore(),
      attributor: fakeAttributor,
      onIssue: (_input, error) => issues.push(error.message),
    });
    assert.equal(result.corrupt, 1);
    assert.match(issues[0]!, /^Cannot parse/);
  });
});
