/**
 * The Store contract suite: every driver runs these same tests (memory, DuckDB, ClickHouse).
 * `open` must return an empty store each time; `reopen` (durable drivers) closes a store and
 * opens the same data again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutageEvent } from '../../src/model/event.js';
import type { PointColumns, SignalPoint } from '../../src/model/signal.js';
import type { Store } from '../../src/store/store.js';

export interface ContractHarness {
  open(): Promise<Store>;
  reopen?(store: Store): Promise<Store>;
}

const T0 = Date.UTC(2022, 0, 5, 10, 0) / 1000; // 2022-01-05T10:00Z
const STEP = 300;

function point(overrides: Partial<SignalPoint> = {}): SignalPoint {
  return {
    entity: 'country/KZ',
    signal: 'bgp.slash24',
    source: 'rrc00',
    bin: T0,
    value: 100,
    coverage: 1,
    ...overrides,
  };
}

function ramp(count: number, overrides: Partial<SignalPoint> = {}): SignalPoint[] {
  return Array.from({ length: count }, (_, i) =>
    point({ bin: T0 + i * STEP, value: i, ...overrides }),
  );
}

/** One bin of several entities and signals; `values[s][i]` for signal s of entity i. */
function block(
  entities: string[],
  bin: number,
  values: Record<string, number[]>,
  overrides: Partial<PointColumns> = {},
): PointColumns {
  return {
    source: 'logs:a',
    signals: Object.keys(values),
    entities,
    bins: new Float64Array(entities.length).fill(bin),
    coverage: new Float64Array(entities.length).fill(1),
    values: Object.values(values).map((v) => Float64Array.from(v)),
    ...overrides,
  };
}

function event(overrides: Partial<OutageEvent> = {}): OutageEvent {
  return {
    id: 'kz-2022-01-05',
    start: T0,
    end: null,
    scope: 'nationwide',
    access: 'both',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    location: 'country/KZ',
    affected: [{ entity: 'asn/9198', intervals: [{ start: T0, end: null }], depth: 0.05 }],
    apps: [],
    depth: 0.05,
    severity: 'critical',
    confidence: 0.9,
    signals: ['probing.up_slash24'],
    updatedAt: T0 + 600,
    ...overrides,
  };
}

async function withStore(harness: ContractHarness, body: (store: Store) => Promise<void>) {
  const store = await harness.open();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

export function describeStoreContract(name: string, harness: ContractHarness): void {
  const test = (title: string, body: (store: Store) => Promise<void>): void => {
    void it(title, () => withStore(harness, body));
  };

  describe(`Store contract: ${name}`, () => {
    test('reads back what it wrote, sorted by bin, in a half-open range', async (store) => {
      await store.writePoints([...ramp(10)].reverse());
      const [series, ...rest] = await store.readSeries({
        entity: 'country/KZ',
        from: T0 + STEP,
        to: T0 + 4 * STEP,
      });
      assert.equal(rest.length, 0);
      assert.ok(series);
      assert.deepEqual([...series.bins], [T0 + STEP, T0 + 2 * STEP, T0 + 3 * STEP]);
      assert.deepEqual([...series.values], [1, 2, 3]);
      assert.deepEqual([...series.coverage], [1, 1, 1]);
      assert.equal(series.signal, 'bgp.slash24');
      assert.equal(series.source, 'rrc00');
    });

    test('keeps unknown values unknown and coverage exact', async (store) => {
      await store.writePoints([
        point({ value: null, coverage: 0 }),
        point({ bin: T0 + STEP, value: 0, coverage: 0.5 }),
      ]);
      const [series] = await store.readSeries({
        entity: 'country/KZ',
        from: T0,
        to: T0 + 2 * STEP,
      });
      assert.ok(series);
      assert.ok(Number.isNaN(series.values[0]), 'null reads back as NaN, not 0');
      assert.equal(series.values[1], 0);
      assert.deepEqual([...series.coverage], [0, 0.5]);
    });

    test('writing the same input twice does not double-count', async (store) => {
      const points = ramp(50);
      await store.writePoints(points);
      await store.writePoints(points);
      const info = await store.info();
      assert.equal(info.points, 50);
      assert.equal(info.series, 1);
      const [agg] = await store.aggregateSeries({
        entity: 'country/KZ',
        signal: 'bgp.slash24',
        from: T0,
        to: T0 + 86400,
        stepSeconds: 86400,
        combine: 'sum',
      });
      assert.equal(agg?.value, (49 * 50) / 2);
      assert.equal(agg?.points, 50);
    });

    test('a later write of a key replaces the earlier one; within a batch the last wins', async (store) => {
      await store.writePoints([point({ value: 1 })]);
      await store.writePoints([point({ value: 2 }), point({ value: 3 })]);
      const [series] = await store.readSeries({ entity: 'country/KZ', from: T0, to: T0 + STEP });
      assert.deepEqual([...(series?.values ?? [])], [3]);
      assert.equal((await store.info()).points, 1);
    });

    test('a later unknown replaces an earlier known value', async (store) => {
      await store.writePoints(ramp(3, { value: 5 }));
      await store.writePoints([point({ bin: T0 + STEP, value: null, coverage: 0 })]);
      const [series] = await store.readSeries({
        entity: 'country/KZ',
        from: T0,
        to: T0 + 3 * STEP,
      });
      assert.ok(series);
      assert.equal(series.values[0], 5);
      assert.ok(Number.isNaN(series.values[1]), 'the newer unknown wins');
      assert.deepEqual([...series.coverage], [1, 0, 1]);
      const [sum] = await store.aggregateSeries({
        entity: 'country/KZ',
        signal: 'bgp.slash24',
        from: T0,
        to: T0 + 3600,
        stepSeconds: 3600,
        combine: 'sum',
      });
      assert.equal(sum?.value, 10);
    });

    test('keeps sources apart and filters by signal and source', async (store) => {
      await store.writePoints([
        ...ramp(3),
        ...ramp(3, { source: 'route-views2', value: 7 }),
        ...ramp(3, { signal: 'bgp.prefixes' }),
        ...ramp(3, { entity: 'asn/9198' }),
      ]);
      const all = await store.readSeries({ entity: 'country/KZ', from: T0, to: T0 + 3600 });
      assert.deepEqual(
        all.map((s) => `${s.signal}|${s.source}|${s.bins.length}`),
        ['bgp.prefixes|rrc00|3', 'bgp.slash24|route-views2|3', 'bgp.slash24|rrc00|3'],
      );
      const one = await store.readSeries({
        entity: 'country/KZ',
        signals: ['bgp.slash24'],
        source: 'route-views2',
        from: T0,
        to: T0 + 3600,
      });
      assert.deepEqual(
        one.map((s) => [...s.values]),
        [[7, 7, 7]],
      );
      assert.deepEqual(await store.listEntities(), ['asn/9198', 'country/KZ']);
      const listed = await store.listSeries({ entity: 'country/KZ', signal: 'bgp.slash24' });
      assert.deepEqual(listed, [
        {
          entity: 'country/KZ',
          signal: 'bgp.slash24',
          source: 'route-views2',
          first: T0,
          last: T0 + 2 * STEP,
          points: 3,
        },
        {
          entity: 'country/KZ',
          signal: 'bgp.slash24',
          source: 'rrc00',
          first: T0,
          last: T0 + 2 * STEP,
          points: 3,
        },
      ]);
      assert.equal((await store.listSeries()).length, 4);
    });

    test('aggregates across sources and re-bins in the engine, unknown stays unknown', async (store) => {
      // Two sources, 12 five-minute bins = one hour; the second hour has only unknown points.
      await store.writePoints([
        ...ramp(12, { value: 10 }),
        ...ramp(12, { source: 'rrc01', value: 20, coverage: 0.5 }),
        point({ bin: T0 + 3600, value: null, coverage: 0 }),
      ]);
      const query = {
        entity: 'country/KZ',
        signal: 'bgp.slash24',
        from: T0,
        to: T0 + 7200,
        stepSeconds: 3600,
      } as const;
      const sum = await store.aggregateSeries({ ...query, combine: 'sum' });
      assert.deepEqual(sum, [
        { bin: T0, value: 360, coverage: 0.75, points: 24 },
        { bin: T0 + 3600, value: null, coverage: 0, points: 1 },
      ]);
      const [mean] = await store.aggregateSeries({ ...query, combine: 'mean' });
      const [max] = await store.aggregateSeries({ ...query, combine: 'max' });
      const [min] = await store.aggregateSeries({ ...query, combine: 'min' });
      assert.deepEqual([mean?.value, max?.value, min?.value], [15, 20, 10]);
    });

    test('rejects invalid points and writes none of the batch', async (store) => {
      const bad = [point(), point({ bin: T0 + STEP, coverage: 2 })];
      await assert.rejects(store.writePoints(bad), {
        kind: 'bad_input',
        message: /point 1: coverage/,
      });
      await assert.rejects(store.writePoints([point({ value: Infinity })]), { kind: 'bad_input' });
      assert.equal((await store.info()).points, 0);
    });

    test('round-trips a large batch', async (store) => {
      const entities = Array.from({ length: 20 }, (_, i) => `asn/${1000 + i}`);
      const points = entities.flatMap((entity) => ramp(2500, { entity, coverage: 0.25 }));
      await store.writePoints(points);
      assert.equal((await store.info()).points, 50_000);
      const [series] = await store.readSeries({
        entity: 'asn/1007',
        from: T0,
        to: T0 + 2500 * STEP,
      });
      assert.equal(series?.bins.length, 2500);
      assert.equal(series?.values[2499], 2499);
      assert.equal(series?.coverage[1234], 0.25);
    });

    test('stores, replaces and queries events', async (store) => {
      const open = event();
      const other = event({
        id: 'tm-2022',
        location: 'country/TM',
        affected: [],
        start: T0 - 86400,
        end: T0 - 3600,
      });
      await store.writeEvents([open, other]);
      assert.deepEqual(await store.queryEvents({ status: 'open' }), [open]);
      assert.deepEqual(await store.queryEvents({ entity: 'asn/9198' }), [open]);
      assert.deepEqual(await store.queryEvents({ from: T0 - 7200, to: T0 - 3600 }), [other]);
      assert.deepEqual(
        await store.queryEvents({ from: T0 + 86400 * 30 }),
        [open],
        'an open event overlaps the future',
      );
      const closed = event({ end: T0 + 7200, updatedAt: T0 + 7300 });
      await store.writeEvents([closed]);
      assert.deepEqual(await store.queryEvents(), [other, closed]);
      assert.deepEqual(await store.queryEvents({ status: 'closed', entity: 'country/KZ' }), [
        closed,
      ]);
      assert.equal((await store.info()).events, 2);
    });

    test('retracts events by id, and a retracted id can be written again', async (store) => {
      const kept = event();
      const stale = event({ id: 'tm-2022', location: 'country/TM', affected: [] });
      await store.writeEvents([kept, stale]);
      await store.retractEvents(['tm-2022', 'never-written']);
      assert.deepEqual(await store.queryEvents(), [kept]);
      assert.deepEqual(await store.queryEvents({ entity: 'country/TM' }), []);
      assert.equal((await store.info()).events, 1);
      await store.writeEvents([stale]);
      assert.deepEqual(await store.queryEvents({ entity: 'country/TM' }), [stale]);
      await store.retractEvents([]);
      assert.equal((await store.info()).events, 2);
    });

    test('keeps checkpoints, alone or with the points they cover', async (store) => {
      assert.equal(await store.getCheckpoint('logs:a'), undefined);
      await store.putCheckpoint({ source: 'logs:a', position: { offset: 10 }, updatedAt: T0 });
      await store.writePoints(ramp(2), {
        source: 'logs:a',
        position: { offset: 99, file: 'x.log' },
        updatedAt: T0 + 1,
      });
      assert.deepEqual(await store.getCheckpoint('logs:a'), {
        source: 'logs:a',
        position: { offset: 99, file: 'x.log' },
        updatedAt: T0 + 1,
      });
      assert.equal((await store.info()).checkpoints, 1);
      assert.equal((await store.info()).points, 2);
    });

    test('column blocks read back exactly as the points they stand for', async (store) => {
      const entities = ['asn/1', 'country/KZ', 'asn/9198'];
      const first = block(entities, T0, { requests: [10, 0, 7], share: [0.5, NaN, 1] });
      const second = block(
        entities,
        T0 + STEP,
        { requests: [11, 3, 0], share: [0.25, 0, NaN] },
        { coverage: Float64Array.from([0.5, 0.5, 0.5]) },
      );
      await store.writeColumns([first, second]);
      // The same points written one by one under another source.
      const points: SignalPoint[] = [];
      for (const [bin, coverage, requests, share] of [
        [T0, 1, [10, 0, 7], [0.5, null, 1]],
        [T0 + STEP, 0.5, [11, 3, 0], [0.25, 0, null]],
      ] as const)
        entities.forEach((entity, i) => {
          points.push({
            entity,
            signal: 'requests',
            source: 'pts',
            bin,
            value: requests[i]!,
            coverage,
          });
          points.push({ entity, signal: 'share', source: 'pts', bin, value: share[i]!, coverage });
        });
      await store.writePoints(points);
      assert.deepEqual((await store.info()).points, 24);
      for (const entity of entities) {
        const read = await store.readSeries({ entity, from: T0, to: T0 + 2 * STEP });
        const bySource = (source: string) =>
          read
            .filter((s) => s.source === source)
            .map((s) => ({
              signal: s.signal,
              bins: [...s.bins],
              values: [...s.values],
              coverage: [...s.coverage],
            }));
        assert.equal(bySource('logs:a').length, 2);
        assert.deepEqual(bySource('logs:a'), bySource('pts'), entity);
      }
      const [series] = await store.readSeries({
        entity: 'country/KZ',
        signals: ['share'],
        from: T0,
        to: T0 + 2 * STEP,
      });
      assert.ok(Number.isNaN(series?.values[0]), 'NaN in a column is unknown');
      assert.equal(series?.values[1], 0, 'and 0 stays 0');
      const [sum] = await store.aggregateSeries({
        entity: 'asn/1',
        signal: 'requests',
        from: T0,
        to: T0 + 3600,
        stepSeconds: 3600,
        combine: 'sum',
      });
      assert.equal(sum?.value, 42, 'both sources, both bins');
      assert.equal(sum?.points, 4);
    });

    test('columns and points replace each other by key; within a batch the last wins', async (store) => {
      const key = { entity: 'asn/1', signal: 'requests', source: 'logs:a', bin: T0, coverage: 1 };
      const read = async () => {
        const [series] = await store.readSeries({ entity: 'asn/1', from: T0, to: T0 + STEP });
        return series?.values[0];
      };
      await store.writePoints([{ ...key, value: 1 }]);
      await store.writeColumns([block(['asn/1'], T0, { requests: [2] })]);
      assert.equal(await read(), 2);
      await store.writeColumns([
        block(['asn/1', 'asn/1'], T0, { requests: [3, 4] }),
        block(['asn/1'], T0, { requests: [5] }),
      ]);
      assert.equal(await read(), 5);
      await store.writeColumns([block(['asn/1'], T0, { requests: [NaN] })]);
      assert.ok(Number.isNaN(await read()), 'a later unknown replaces a known value');
      await store.writePoints([{ ...key, value: 6 }]);
      assert.equal(await read(), 6);
      assert.equal((await store.info()).points, 1);
      assert.equal((await store.info()).series, 1);
    });

    test('rejects invalid columns and writes none of the batch', async (store) => {
      const good = block(['asn/1'], T0, { requests: [1] });
      const cases: [PointColumns, RegExp][] = [
        [
          block(['asn/1'], T0, { requests: [1] }, { coverage: Float64Array.of(2) }),
          /columns 1: row 0: coverage/,
        ],
        [block(['asn/1'], T0 + 0.5, { requests: [1] }), /columns 1: row 0: bin/],
        [block(['asn/1'], T0, { requests: [Infinity] }), /columns 1: row 0: value/],
        [block(['asn/1', ''], T0, { requests: [1, 2] }), /columns 1: entity of row 1/],
        [
          block(['asn/1'], T0, { requests: [1, 2] }),
          /columns 1: signal requests has 2 values for 1 rows/,
        ],
        [
          block(['asn/1'], T0, { requests: [1] }, { bins: Float64Array.of(T0, T0) }),
          /columns 1: 1 entities but 2 bins/,
        ],
        [block(['asn/1'], T0, { requests: [1] }, { source: 'a\u0000b' }), /columns 1: source/],
      ];
      for (const [bad, message] of cases)
        await assert.rejects(store.writeColumns([good, bad]), { kind: 'bad_input', message });
      assert.equal((await store.info()).points, 0);
    });

    test('writes a checkpoint with the columns it covers', async (store) => {
      await store.writeColumns([block(['asn/1', 'asn/2'], T0, { requests: [1, 2], ips: [1, 1] })], {
        source: 'logs:a',
        position: { record: 7 },
        updatedAt: T0,
      });
      assert.deepEqual((await store.getCheckpoint('logs:a'))?.position, { record: 7 });
      assert.equal((await store.info()).points, 4);
      await store.writeColumns([]);
      assert.equal((await store.info()).points, 4);
    });

    if (harness.reopen !== undefined) {
      const reopen = harness.reopen.bind(harness);
      it('keeps everything across a restart', async () => {
        let store = await harness.open();
        try {
          await store.writePoints(ramp(5), {
            source: 'mrt:rrc00',
            position: 'bview.20220105.0800.gz',
            updatedAt: T0,
          });
          await store.writeEvents([event()]);
          store = await reopen(store);
          await store.writePoints(ramp(5)); // the re-run after a crash rewrites the same bins
          assert.deepEqual(await store.getCheckpoint('mrt:rrc00'), {
            source: 'mrt:rrc00',
            position: 'bview.20220105.0800.gz',
            updatedAt: T0,
          });
          assert.deepEqual(await store.queryEvents(), [event()]);
          const info = await store.info();
          assert.deepEqual([info.series, info.points, info.events, info.checkpoints], [1, 5, 1, 1]);
        } finally {
          await store.close();
        }
      });
    }
  });
}
