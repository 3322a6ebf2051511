/**
 * bird2 and gobgpd peer with the live collector on loopback, announce a few hundred prefixes,
 * then withdraw some: the per-peer tables, the visibility series and the MRT archive must
 * show exactly that. Fails (never skips) when a daemon is missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { dumpMrt } from '../../src/cli/mrt-command.js';
import {
  createLiveCollector,
  type LiveCollector,
} from '../../src/collectors/bgp/live-collector.js';
import type { SignalPoint } from '../../src/model/signal.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { freePort, requireBinaries, startBird, startGobgp, until, type Daemon } from './daemons.js';
import { fakeAttributor } from './fake-attributor.js';

const COLLECTOR = '127.0.0.50';
const BIRD = '127.0.0.51';
const GOBGP = '127.0.0.52';
const range = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i));
/** Announced by both daemons with origin AS 65001. */
const common = range(200, (i) => `198.18.${i + 1}.0/24`);
/** Only bird, origin 65002: withdrawn later by disabling its static protocol. */
const birdOnly = range(50, (i) => `198.19.${i}.0/24`);
/** gobgpd withdraws these 20 of the common prefixes. */
const gobgpWithdrawn = common.slice(0, 20);

describe('bird2 and gobgpd peer with the live collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nl-daemons-'));
  const archive = join(dir, 'collector.mrt');
  const store = createMemoryStore();
  let collector: LiveCollector;
  const daemons: Daemon[] = [];
  let bird: ReturnType<typeof startBird>;
  let gobgp: ReturnType<typeof startGobgp>;

  const table = (address: string) =>
    collector.state.rib.peers().find((p) => p.address === address && p.up);
  const value = (points: SignalPoint[], entity: string, signal: string) =>
    points.find((p) => p.entity === entity && p.signal === signal)?.value;

  before(async () => {
    requireBinaries(['bird', 'birdc', 'gobgpd', 'gobgp']);
    collector = createLiveCollector({
      listen: { host: COLLECTOR, port: 0 },
      localAs: 65000,
      routerId: 0xc6120032,
      holdTime: 30,
      peers: [
        { address: BIRD, asn: 65051 },
        { address: GOBGP, asn: 65052 },
      ],
      store,
      attributor: fakeAttributor,
      source: 'bgp:daemons',
      fullFeed: { minShare: 0.5 },
      mrtOut: archive,
      autoBins: false,
    });
    const port = (await collector.start())!.port;
    const target = { address: COLLECTOR, port, asn: 65000 };
    bird = startBird({
      dir,
      address: BIRD,
      asn: 65051,
      listenPort: await freePort(BIRD),
      collector: target,
      groups: [
        { name: 'common', origin: 65001, prefixes: common },
        { name: 'only_bird', origin: 65002, prefixes: birdOnly },
      ],
    });
    daemons.push(bird);
    gobgp = startGobgp({
      dir,
      address: GOBGP,
      asn: 65052,
      apiPort: await freePort('127.0.0.1'),
      collector: target,
    });
    daemons.push(gobgp);
  });

  after(async () => {
    for (const d of daemons) await d.stop();
    await collector?.stop();
  });

  it('establishes both sessions', async () => {
    await until(
      () => table(BIRD) !== undefined && table(GOBGP) !== undefined,
      60_000,
      'Established',
    );
  });

  it('learns every announcement into per-peer tables and visibility', async () => {
    await until(
      async () => {
        try {
          await gobgp.gobgp('global', 'rib', 'summary');
          return true;
        } catch {
          return false;
        }
      },
      20_000,
      'the gobgpd API',
    );
    for (const prefix of common)
      await gobgp.gobgp('global', 'rib', 'add', prefix, 'nexthop', '198.18.0.1', 'aspath', '65001');
    await until(
      () => table(BIRD)?.ipv4Prefixes === 250 && table(GOBGP)?.ipv4Prefixes === 200,
      60_000,
      'both tables',
    );
    const points = await collector.closeBin(0);
    // Common prefixes: 2 of 2 full-feed peers; bird-only: 1 of 2, not more than half.
    assert.equal(value(points, 'asn/65001', 'bgp.slash24s'), 200);
    assert.equal(value(points, 'asn/65001', 'bgp.prefixes'), 200);
    assert.equal(value(points, 'asn/65002', 'bgp.prefixes'), 0);
    assert.equal(value(points, 'asn/65001', 'bgp.updates'), 400);
    assert.equal(value(points, 'asn/65002', 'bgp.updates'), 50);
    assert.equal(value(points, 'country/KZ', 'bgp.slash24s'), 200);
  });

  it('sees withdrawals from both daemons', async () => {
    await bird.birdc('disable', 'only_bird');
    for (const prefix of gobgpWithdrawn) await gobgp.gobgp('global', 'rib', 'del', prefix);
    await until(
      () => table(BIRD)?.ipv4Prefixes === 200 && table(GOBGP)?.ipv4Prefixes === 180,
      60_000,
      'the withdrawals',
    );
    const points = await collector.closeBin(300);
    assert.equal(value(points, 'asn/65001', 'bgp.slash24s'), 180);
    assert.equal(value(points, 'asn/65001', 'bgp.withdrawals'), 20);
    assert.equal(value(points, 'asn/65002', 'bgp.withdrawals'), 50);
    assert.equal(value(points, 'asn/65001', 'bgp.updates'), 0);
  });

  it('archives the sessions as MRT that mrt dump replays', async () => {
    await collector.stop();
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _e, done) {
        text += chunk.toString();
        done();
      },
    });
    await dumpMrt([archive], 'bgpdump', { out });
    const lines = text.trim().split('\n');
    const count = (type: string, peer: string) =>
      lines.filter((l) => l.split('|')[2] === type && l.split('|')[3] === peer).length;
    assert.equal(count('A', BIRD), 250);
    assert.equal(count('W', BIRD), 50);
    assert.equal(count('A', GOBGP), 200);
    assert.equal(count('W', GOBGP), 20);
  });
});
