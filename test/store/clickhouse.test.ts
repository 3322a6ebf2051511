/**
 * The ClickHouse driver against a real two-shard cluster on loopback: the Store contract, where
 * points land, and what a write and a read do while one shard is down.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { SignalPoint } from '../../src/model/signal.js';
import { createClickHouseStore, parseClickHouseUrl } from '../../src/store/clickhouse.js';
import type { Store } from '../../src/store/store.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../support/clickhouse-cluster.js';
import { describeStoreContract } from './contract.js';

const T0 = Date.UTC(2022, 0, 5, 10, 0) / 1000;
const STEP = 300;
const ENTITIES = Array.from({ length: 20 }, (_, i) => `asn/${64500 + i}`);

let databases = 0;
function freshDatabase(): string {
  return `nightlight_test_${process.pid}_${++databases}`;
}

/** Points of every entity in ENTITIES, `perEntity` bins each, value = bin index. */
function grid(perEntity: number): SignalPoint[] {
  return ENTITIES.flatMap((entity) =>
    Array.from({ length: perEntity }, (_, i) => ({
      entity,
      signal: 'probing.up_slash24',
      source: 'prober-1',
      bin: T0 + i * STEP,
      value: i,
      coverage: 1,
    })),
  );
}

async function countLocal(httpUrl: string, database: string) {
  const client = createClient({ url: httpUrl, log: { level: ClickHouseLogLevel.OFF } });
  try {
    const result = await client.query({
      query: `SELECT count() AS rows, uniqExact(entity) AS entities, groupUniqArray(entity) AS names
        FROM ${database}.points_local`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ rows: string; entities: string; names: string[] }>();
    return { rows: Number(row?.rows), entities: Number(row?.entities), names: row?.names ?? [] };
  } finally {
    await client.close();
  }
}

async function pollUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Cannot see ${what}: still ${String(last)} after ${timeoutMs} ms`);
}

describe('parseClickHouseUrl', () => {
  it('reads hosts, database, cluster and credentials', () => {
    assert.deepEqual(
      parseClickHouseUrl(
        'clickhouse://127.0.0.1:18123,127.0.0.1:18124/nightlight?cluster=nightlight&user=ingest&password=p%40ss',
      ),
      {
        hosts: ['127.0.0.1:18123', '127.0.0.1:18124'],
        database: 'nightlight',
        cluster: 'nightlight',
        username: 'ingest',
        password: 'p@ss',
      },
    );
    assert.deepEqual(parseClickHouseUrl('clickhouse://reader:secret@db.example'), {
      hosts: ['db.example:8123'],
      database: 'nightlight',
      username: 'reader',
      password: 'secret',
    });
  });

  it('takes clickhouses:// as HTTPS on port 8443 by default', () => {
    assert.deepEqual(
      parseClickHouseUrl('clickhouses://ch.example,ch2.example:9443/obs?cluster=c'),
      {
        hosts: ['ch.example:8443', 'ch2.example:9443'],
        database: 'obs',
        cluster: 'c',
        secure: true,
      },
    );
  });

  it('refuses what it cannot use, without echoing the password', () => {
    assert.throws(() => parseClickHouseUrl('http://127.0.0.1:8123'), { kind: 'bad_config' });
    assert.throws(() => parseClickHouseUrl('clickhouse://a:1,b:2/db'), {
      kind: 'bad_config',
      message: /2 hosts need \?cluster=/,
    });
    assert.throws(() => parseClickHouseUrl('clickhouse://a:1/db;drop'), {
      message: /database must be/,
    });
    assert.throws(() => parseClickHouseUrl('clickhouse://a:1/db?clutser=x'), {
      message: /unknown parameter "clutser"/,
    });
    assert.throws(
      () => parseClickHouseUrl('ftp://u:hunter2@a/db?password=hunter2'),
      (error: Error) => !error.message.includes('hunter2'),
    );
  });
});

describe('ClickHouse store', () => {
  let cluster: ClickHouseCluster;
  const urls = new WeakMap<Store, string>();

  async function open(url: string): Promise<Store> {
    const store = await createClickHouseStore(parseClickHouseUrl(url));
    urls.set(store, url);
    return store;
  }

  before(async () => {
    cluster = await startClickHouseCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  describeStoreContract('clickhouse (2 shards)', {
    open: () => open(cluster.storeUrl(freshDatabase())),
    async reopen(store) {
      const url = urls.get(store);
      assert.ok(url !== undefined, 'reopen a store this harness opened');
      await store.close();
      return open(url);
    },
  });

  it('spreads entities over both shards and keeps each entity on one', async () => {
    const database = freshDatabase();
    const store = await open(cluster.storeUrl(database));
    try {
      await store.writePoints(grid(10));
      const [one, two] = await Promise.all(
        cluster.nodes.map((n) => countLocal(n.httpUrl, database)),
      );
      assert.ok(one && two);
      assert.ok(
        one.entities > 0 && two.entities > 0,
        `both shards hold data: ${one.entities}, ${two.entities}`,
      );
      assert.equal(one.entities + two.entities, ENTITIES.length, 'no entity is split');
      assert.equal(one.rows + two.rows, ENTITIES.length * 10);
      assert.deepEqual(
        one.names.filter((n) => two.names.includes(n)),
        [],
      );
    } finally {
      await store.close();
    }
  });

  it('splits a large write into concurrent INSERTs and the last point of a key still wins', async () => {
    const store = await open(`${cluster.storeUrl(freshDatabase())}&batch=997`);
    try {
      const points = grid(500); // 10,000 points: 11 INSERTs, two in flight
      const first = points[3]!;
      points.push({ ...first, value: -1 }); // same key as index 3, in the last INSERT
      await store.writePoints(points);
      const info = await store.info();
      assert.deepEqual([info.series, info.points], [ENTITIES.length, 10_000]);
      const [series] = await store.readSeries({
        entity: first.entity,
        from: first.bin,
        to: first.bin + 1,
      });
      assert.deepEqual([...(series?.values ?? [])], [-1]);
    } finally {
      await store.close();
    }
  });

  it('reads back exactly what RowBinary wrote: names of any length and script, extreme values', async () => {
    const store = await open(cluster.storeUrl(freshDatabase()));
    try {
      // 200 and 20,000 bytes take 2- and 3-byte length prefixes; 5e-324 and -0 do not survive
      // a trip through JSON text on 18.16.
      const names = ['país/Ελλάδα/日本/🚀', 'x'.repeat(200), 'y'.repeat(20_000), 'q"\\\n\t'];
      const values = [5e-324, -0, 1.7976931348623157e308, null];
      const points = names.map((entity, i) => ({
        entity,
        signal: 'bgp.slash24',
        source: 'ünïcode',
        bin: i === 0 ? 0 : 2 ** 32 - 300 * i,
        value: values[i]!,
        coverage: Math.fround(0.1 * i),
      }));
      await store.writePoints(points);
      assert.deepEqual(await store.listEntities(), [...names].sort());
      for (const p of points) {
        const [series] = await store.readSeries({ entity: p.entity, from: 0, to: 2 ** 32 });
        assert.deepEqual(
          [series?.source, [...(series?.bins ?? [])], [...(series?.values ?? [])]],
          [p.source, [p.bin], [p.value ?? NaN]],
          p.entity.slice(0, 20),
        );
        assert.deepEqual([...(series?.coverage ?? [])], [p.coverage]);
      }

      const lone = { ...points[0]!, entity: 'asn/\ud800' };
      await assert.rejects(store.writePoints([...grid(1), lone]), {
        kind: 'bad_input',
        message: /^Cannot write signal point 20: entity must be well-formed Unicode/,
      });
      assert.equal((await store.info()).points, points.length, 'nothing of it was written');
    } finally {
      await store.close();
    }
  });

  it('keeps unknown values unknown on every shard, and lets a later unknown replace a known', async () => {
    // argMax skips NULLs, and 18.16 garbles a NULL inside a tuple sent between shards.
    const store = await open(cluster.storeUrl(freshDatabase()));
    try {
      const known = grid(2);
      await store.writePoints(known);
      await store.writePoints(known.map((p) => ({ ...p, value: null, coverage: 0 })));
      for (const entity of ENTITIES) {
        const [series] = await store.readSeries({ entity, from: T0, to: T0 + 86400 });
        assert.deepEqual([...(series?.values ?? [])], [NaN, NaN], entity);
        assert.deepEqual([...(series?.coverage ?? [])], [0, 0], entity);
        const [day] = await store.aggregateSeries({
          entity,
          signal: 'probing.up_slash24',
          from: T0,
          to: T0 + 86400,
          stepSeconds: 86400,
          combine: 'max',
        });
        assert.deepEqual(day, { bin: T0 - (T0 % 86400), value: null, coverage: 0, points: 2 });
      }
    } finally {
      await store.close();
    }
  });

  it('queues writes while a shard is down and delivers them exactly once', async () => {
    const database = freshDatabase();
    const store = await open(cluster.storeUrl(database));
    const points = grid(12);
    const checkpoint = { source: 'prober-1', position: { round: 12 }, updatedAt: T0 + 3600 };
    try {
      await store.writePoints(grid(6)); // half of it before the outage: rewritten below
      await cluster.stopNode(1, 'SIGKILL'); // a crash, and 5 s faster than a clean stop
      try {
        // Shard 1's Distributed table queues shard 2's rows on disk; the write succeeds.
        await store.writePoints(points, checkpoint);
        await assert.rejects(
          store.readSeries({ entity: ENTITIES[0]!, from: T0, to: T0 + 86400 }),
          (error: Error & { kind?: string }) => {
            assert.equal(error.kind, 'store_unavailable');
            const shard2 = `127.0.0.1:${cluster.nodes[1]!.tcpPort}`;
            assert.match(
              error.message,
              /^Cannot read series through ClickHouse at 127\.0\.0\.1:\d+: shard /,
            );
            assert.ok(
              error.message.includes(shard2),
              `names shard 2 (${shard2}): ${error.message}`,
            );
            return true;
          },
        );
        await assert.rejects(store.info(), { kind: 'store_unavailable' });
      } finally {
        await cluster.startNode(1);
      }

      const info = await pollUntil(
        'every point after shard 2 returned',
        () => store.info(),
        (i) => i.points === points.length && i.checkpoints === 1,
      );
      assert.deepEqual([info.series, info.points], [ENTITIES.length, points.length]);
      for (const entity of ENTITIES) {
        const [series, ...rest] = await store.readSeries({ entity, from: T0, to: T0 + 86400 });
        assert.equal(rest.length, 0);
        assert.deepEqual([...(series?.values ?? [])], [...Array(12).keys()], entity);
        const [day] = await store.aggregateSeries({
          entity,
          signal: 'probing.up_slash24',
          from: T0,
          to: T0 + 86400,
          stepSeconds: 86400,
          combine: 'sum',
        });
        assert.deepEqual([day?.value, day?.points], [66, 12], `${entity} counted once`);
      }
      assert.deepEqual(await store.getCheckpoint('prober-1'), checkpoint);
    } finally {
      await store.close();
    }
  });

  it('reads and writes through the next host when the first is unreachable', async () => {
    const database = freshDatabase();
    const [one, two] = cluster.nodes;
    const store = await open(
      `clickhouse://127.0.0.1:1,127.0.0.1:${one!.httpPort},127.0.0.1:${two!.httpPort}/${database}?cluster=nightlight`,
    );
    try {
      await store.writePoints(grid(3));
      assert.equal((await store.info()).points, ENTITIES.length * 3);
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable server as store_unavailable, naming the host', async () => {
    await assert.rejects(
      createClickHouseStore(parseClickHouseUrl('clickhouse://127.0.0.1:1/nightlight')),
      {
        kind: 'store_unavailable',
        message:
          'Cannot open ClickHouse store clickhouse://127.0.0.1:1/nightlight: no host answers: 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)',
      },
    );
  });
});
