/**
 * The API in-process (app.request) over a real DuckDB file holding hand-written series and
 * events: shapes, values, filters, formats, hooks, auth, limits, and the OpenAPI document
 * validated by swagger-parser.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import type { z } from 'zod';
import { SIGNALS } from '../../src/collectors/signal-catalogue.js';
import type { OutageEvent } from '../../src/model/event.js';
import { NightlightError } from '../../src/model/failure.js';
import { EntitySchema, SeriesSchema } from '../../src/outputs/api/schemas.js';
import { createApi } from '../../src/outputs/api/create-api.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { KZ_EVENT, OUTAGE_START, STEP, T0, UNKNOWN_BINS, WEEK_BINS, seedStore } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-api-'));
const NOW = T0 + 7 * 86400;
let store: Store;
let app: ReturnType<typeof createApi>['app'];
const logged: string[] = [];

before(async () => {
  store = await openStore(`duckdb:${join(dir, 'api.duckdb')}`);
  await seedStore(store, { events: 30 });
  ({ app } = createApi({
    store,
    signals: SIGNALS,
    clock: () => NOW,
    auth: { token: 's3cret-token' },
    limits: { rateBurst: 0, maxBodyBytes: 64 * 1024 },
    asName: (asn) => (asn === 9198 ? 'JSC Kazakhtelecom' : null),
    impact: (event) => ({ affectedShare: event.depth }),
    log: (entry) => logged.push(entry.message),
  }));
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every field any JSON answer of /api/v1 may carry; each test reads the ones it asked for. */
interface Body {
  entities: z.infer<typeof EntitySchema>[];
  total: number;
  truncated: boolean;
  series: z.infer<typeof SeriesSchema>[];
  events: OutageEvent[];
  event: OutageEvent;
  evidence: z.infer<typeof SeriesSchema>[];
  impact: unknown;
  status: string;
  written: number;
  issues: { line: number; message: string }[];
  kind: string;
  location?: string;
  error: { code: string; message: string; path?: string; requestId?: string };
}

interface IodaBody {
  type: string;
  error: string | null;
  data: unknown;
  requestParameters: Record<string, string>;
}

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: Body }> {
  const response = await app.request(path, init);
  return { status: response.status, body: (await response.json()) as Body };
}

async function ioda(path: string): Promise<{ status: number; body: IodaBody }> {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as IodaBody };
}

describe('read endpoints', () => {
  it('lists entities with names and signals, filtered by type and text', async () => {
    const all = await json('/api/v1/entities');
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.entities.map((e: { id: string }) => e.id),
      ['asn/9198', 'country/KZ'],
    );
    const kz = all.body.entities.find((e: { id: string }) => e.id === 'country/KZ');
    assert.deepEqual(kz, {
      id: 'country/KZ',
      type: 'country',
      code: 'KZ',
      name: 'Kazakhstan',
      signals: ['darknet.sources', 'traffic.requests'],
      first: T0,
      last: T0 + (WEEK_BINS - 1) * STEP,
    });
    const asn = await json('/api/v1/entities?type=asn&q=kazakh');
    assert.deepEqual(
      asn.body.entities.map((e) => e.name),
      ['JSC Kazakhtelecom'],
    );
    assert.equal((await json('/api/v1/entities?q=nothing-like-this')).body.total, 0);
  });

  it('serves a week of 5-minute signals with unknown bins as null and the drop in place', async () => {
    const { status, body } = await json(
      `/api/v1/signals/country/KZ?signal=traffic.requests&from=${T0}&to=${NOW}`,
    );
    assert.equal(status, 200);
    const series = body.series[0]!;
    assert.equal(series.step, 300);
    assert.equal(series.unit, 'requests');
    assert.equal(series.values.length, WEEK_BINS);
    for (const bin of UNKNOWN_BINS) {
      assert.equal(series.values[(bin - T0) / STEP], null);
      assert.equal(series.coverage[(bin - T0) / STEP], 0);
    }
    const before = series.values[(OUTAGE_START - T0) / STEP - 2];
    const during = series.values[(OUTAGE_START - T0) / STEP + 12];
    assert.ok(during! < before! * 0.1, `${during} should be under 10% of ${before}`);
  });

  it('re-bins in the store at a coarser step (sum), and refuses a step that is not a multiple', async () => {
    const fine = (
      await json(
        `/api/v1/signals/country/KZ?signal=traffic.requests&from=${T0 + 7200}&to=${T0 + 10800}`,
      )
    ).body.series[0]!;
    const hourly = (
      await json(
        `/api/v1/signals/country/KZ?signal=traffic.requests&from=${T0 + 7200}&to=${T0 + 10800}&step=3600`,
      )
    ).body.series[0]!;
    assert.deepEqual(hourly.values, [fine.values.reduce((a, b) => a! + b!, 0)]);
    const bad = await json(`/api/v1/signals/country/KZ?signal=traffic.requests&step=450`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.path, 'step');
  });

  it('normalises by the median of the window and says so', async () => {
    const { body } = await json(
      `/api/v1/signals/country/KZ?signal=traffic.requests&from=${T0}&to=${NOW}&normalise=true`,
    );
    const series = body.series[0]!;
    assert.equal(series.normalised, true);
    assert.equal(series.unit, 'ratio to median');
    const known = series.values
      .filter((v: number | null) => v !== null)
      .sort((a: number, b: number) => a - b);
    assert.ok(Math.abs(known[known.length >> 1]! - 1) < 0.01);
    assert.ok(series.values[(OUTAGE_START - T0) / STEP + 12]! < 0.1);
  });

  it('answers CSV with one line per bin', async () => {
    const response = await app.request(
      `/api/v1/signals/country/KZ?signal=darknet.sources&from=${T0}&to=${T0 + 3600 * 2}&format=csv`,
    );
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await response.text()).trim().split('\n');
    assert.equal(lines[0], 'time,entity,signal,value,coverage');
    assert.equal(lines.length, 1 + 24);
    assert.equal(lines[13], '2022-01-01T01:00:00Z,country/KZ,darknet.sources,,0');
  });

  it('filters events by entity, status, scope, access and mechanism, newest first', async () => {
    const kz = await json('/api/v1/events?entity=country/KZ');
    assert.deepEqual(
      kz.body.events.map((e: { id: string }) => e.id),
      [KZ_EVENT.id],
    );
    assert.deepEqual(kz.body.events[0], KZ_EVENT);
    const byAsn = await json('/api/v1/events?entity=asn/AS9198');
    assert.deepEqual(
      byAsn.body.events.map((e: { id: string }) => e.id),
      [KZ_EVENT.id],
    );
    const open = await json('/api/v1/events?status=open&limit=1000');
    assert.ok(open.body.events.length > 0);
    assert.ok(open.body.events.every((e) => e.end === null));
    const typed = await json(
      '/api/v1/events?scope=nationwide&access=mobile&mechanism=routes-withdrawn&limit=1000',
    );
    assert.ok(typed.body.total > 0);
    for (const e of typed.body.events) {
      assert.equal(e.scope, 'nationwide');
      assert.equal(e.access, 'mobile');
      assert.ok(e.mechanisms.includes('routes-withdrawn'));
    }
    const page = await json('/api/v1/events?limit=5');
    assert.equal(page.body.events.length, 5);
    assert.equal(page.body.total, 31);
    assert.equal(page.body.truncated, true);
    const starts = page.body.events.map((e: { start: number }) => e.start);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
  });

  it('serves an event with its evidence and the impact hook, and 404 for an unknown id', async () => {
    const { status, body } = await json(`/api/v1/events/${KZ_EVENT.id}`);
    assert.equal(status, 200);
    assert.deepEqual(body.event, KZ_EVENT);
    assert.deepEqual(body.impact, { affectedShare: 0.04 });
    assert.deepEqual(
      body.evidence.map((s: { signal: string }) => s.signal),
      KZ_EVENT.signals,
    );
    assert.equal(body.evidence[0]!.from, KZ_EVENT.start - 86400 - (KZ_EVENT.start % 300));
    const missing = await json('/api/v1/events/no-such-event');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });

  it('answers cost with 501 until the impact module is connected', async () => {
    const missing = await json('/api/v1/cost?country=KZ&hours=24');
    assert.equal(missing.status, 501);
    assert.match(missing.body.error.message, /impact module/);
    const withCost = createApi({
      store,
      signals: SIGNALS,
      clock: () => NOW,
      cost: (q) => ({ low: q.hours, high: q.hours * 2 }),
    });
    const response = await withCost.app.request('/api/v1/cost?country=kz&hours=24&type=mobile');
    assert.deepEqual(await response.json(), { cost: { low: 24, high: 48 } });
  });

  it('reports health and Prometheus metrics with route templates and store lag', async () => {
    assert.equal((await json('/api/v1/health')).body.status, 'ok');
    const text = await (await app.request('/metrics')).text();
    assert.match(
      text,
      /nightlight_http_requests_total\{route="\/api\/v1\/events\/:id",method="GET",status="404"\} \d+/,
    );
    assert.match(
      text,
      /nightlight_http_request_duration_seconds_bucket\{route="\/api\/v1\/entities",le="\+Inf"\} \d+/,
    );
    assert.match(
      text,
      new RegExp(
        `nightlight_signal_lag_seconds\\{signal="traffic.requests"\\} ${NOW - (T0 + (WEEK_BINS - 1) * STEP)}`,
      ),
    );
    assert.match(text, /nightlight_store_events 31/);
  });
});

describe('IODA v2-compatible endpoints', () => {
  it('answers /signals/raw in IODA envelope with data[0] of series', async () => {
    const { status, body } = await ioda(
      `/signals/raw/country/KZ?from=${T0}&until=${T0 + 3600}&datasource=traffic.requests`,
    );
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), [
      'data',
      'error',
      'metadata',
      'perf',
      'requestParameters',
      'type',
    ]);
    assert.equal(body.error, null);
    assert.deepEqual(body.requestParameters, {
      from: String(T0),
      until: String(T0 + 3600),
      datasource: 'traffic.requests',
    });
    const series = (body.data as { entityName: string; values: unknown[] }[][])[0]![0]!;
    assert.deepEqual(Object.keys(series).sort(), [
      'datasource',
      'entityCode',
      'entityName',
      'entityType',
      'from',
      'nativeStep',
      'step',
      'until',
      'values',
    ]);
    assert.equal(series.entityName, 'Kazakhstan');
    assert.equal(series.values.length, 12);
  });

  it('answers /outages/events in codf shape', async () => {
    const { body } = await ioda(
      `/outages/events?entityType=country&entityCode=KZ&from=${T0}&until=${NOW}`,
    );
    assert.deepEqual(body.data, [
      {
        location: 'country/KZ',
        location_name: 'Kazakhstan',
        start: KZ_EVENT.start,
        duration: KZ_EVENT.end! - KZ_EVENT.start,
        uncertainty: null,
        status: 0,
        fraction: null,
        score: Math.round(0.96 * ((KZ_EVENT.end! - KZ_EVENT.start) / 60) * 100) / 100,
        overlaps_window: false,
      },
    ]);
  });

  it('answers parameter errors in the envelope', async () => {
    const { status, body } = await ioda('/outages/events?from=yesterday&until=1');
    assert.equal(status, 400);
    assert.equal(body.data, null);
    assert.match(body.error ?? '', /from/);
    const reversed = await ioda(`/signals/raw/country/KZ?from=${NOW}&until=${T0}`);
    assert.equal(reversed.status, 400);
    assert.match(reversed.body.error ?? '', /must be after from/);
  });
});

describe('ingest and admin', () => {
  const csv =
    'time,entity,signal,value\n2022-01-08T00:02:00Z,country/UZ,traffic.requests,42\nnot-a-time,country/UZ,traffic.requests,1\n2022-01-08T00:05:00Z,country/UZ,traffic.requests,\n';

  it('refuses without a token, with a wrong one, and when none is configured', async () => {
    const none = await json('/api/v1/ingest/series', { method: 'POST', body: csv });
    assert.equal(none.status, 401);
    const wrong = await json('/api/v1/ingest/series', {
      method: 'POST',
      body: csv,
      headers: { authorization: 'Bearer s3cret-tokem' },
    });
    assert.equal(wrong.status, 401);
    const disabled = createApi({ store, signals: SIGNALS, clock: () => NOW });
    const response = await disabled.app.request('/api/v1/ingest/series', {
      method: 'POST',
      body: csv,
      headers: { authorization: 'Bearer ' },
    });
    assert.equal(response.status, 403);
    assert.equal((await disabled.app.request('/api/v1/admin/store')).status, 403);
  });

  it('writes good lines, reports bad ones with their line numbers, and aligns times to the step', async () => {
    const { status, body } = await json('/api/v1/ingest/series', {
      method: 'POST',
      body: csv,
      headers: { authorization: 'Bearer s3cret-token', 'content-type': 'text/csv' },
    });
    assert.equal(status, 200);
    assert.equal(body.written, 2);
    assert.deepEqual(
      body.issues.map((i: { line: number }) => i.line),
      [3],
    );
    const series = (
      await json(`/api/v1/signals/country/UZ?from=2022-01-08T00:00:00Z&to=2022-01-08T00:10:00Z`)
    ).body.series[0]!;
    assert.deepEqual(series.values, [42, null]);
  });

  it('accepts events as JSON and validates them', async () => {
    const headers = { authorization: 'Bearer s3cret-token', 'content-type': 'application/json' };
    const event = { ...KZ_EVENT, id: 'uz-test', location: 'country/UZ', affected: [] };
    assert.equal(
      (
        await json('/api/v1/ingest/events', {
          method: 'POST',
          headers,
          body: JSON.stringify([event]),
        })
      ).body.written,
      1,
    );
    const bad = await json('/api/v1/ingest/events', {
      method: 'POST',
      headers,
      body: JSON.stringify([{ ...event, scope: 'galactic' }]),
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.path, '0.scope');
    const admin = await json('/api/v1/admin/store', { headers });
    assert.equal(admin.body.kind, 'duckdb');
    assert.equal(admin.body.location, undefined);
  });

  it('refuses bodies over the limit with 413', async () => {
    const { status, body } = await json('/api/v1/ingest/series', {
      method: 'POST',
      body: 'x'.repeat(65 * 1024),
      headers: { authorization: 'Bearer s3cret-token', 'content-type': 'text/csv' },
    });
    assert.equal(status, 413);
    assert.equal(body.error.code, 'payload_too_large');
  });
});

describe('limits and errors', () => {
  it('rate-limits per client with 429 and Retry-After', async () => {
    const limited = createApi({
      store,
      signals: SIGNALS,
      clock: () => NOW,
      limits: { rateBurst: 3, ratePerSecond: 1 },
      clientIp: (request) => request.headers.get('x-test-client') ?? 'a',
    });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.app.request('/api/v1/health')).status);
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    const other = await limited.app.request('/api/v1/health', {
      headers: { 'x-test-client': 'b' },
    });
    assert.equal(other.status, 200);
    const refused = await limited.app.request('/api/v1/health');
    assert.equal(refused.headers.get('retry-after'), '1');
  });

  it('hides store failures behind a generic 500/503 with a request id, and logs the real message', async () => {
    const broken = createApi({
      store: {
        ...store,
        queryEvents: () =>
          Promise.reject(new Error('IO Error: /var/lib/secret/path.duckdb is corrupt')),
      },
      signals: SIGNALS,
      clock: () => NOW,
      log: (entry) => logged.push(`${entry.requestId} ${entry.message}`),
    });
    const response = await broken.app.request('/api/v1/events');
    const body = (await response.json()) as { error: { message: string; requestId: string } };
    assert.equal(response.status, 500);
    assert.doesNotMatch(JSON.stringify(body), /secret|corrupt/);
    assert.ok(
      logged.some((line) => line.startsWith(body.error.requestId) && line.includes('corrupt')),
    );
    const unavailable = createApi({
      store: {
        ...store,
        listSeries: () =>
          Promise.reject(
            new NightlightError('store_unavailable', 'Cannot reach clickhouse://admin:pw@10.0.0.1'),
          ),
      },
      signals: SIGNALS,
      clock: () => NOW,
      log: () => undefined,
    });
    const down = await unavailable.app.request('/api/v1/entities');
    assert.equal(down.status, 503);
    assert.doesNotMatch(await down.text(), /admin|10\.0\.0\.1/);
  });

  it('refuses ranges over the limit and unknown parameters values with the parameter named', async () => {
    const range = await json(`/api/v1/signals/country/KZ?from=2000-01-01&to=2022-01-01`);
    assert.equal(range.status, 400);
    assert.equal(range.body.error.path, 'from');
    const limit = await json('/api/v1/events?limit=100000');
    assert.equal(limit.status, 400);
    assert.equal(limit.body.error.path, 'limit');
    const status = await json('/api/v1/events?status=maybe');
    assert.equal(status.body.error.path, 'status');
  });
});

describe('response cache', () => {
  it('answers a repeated read from the cache with Cache-Control, and forgets it after an ingest', async () => {
    let queries = 0;
    const counting: Store = {
      ...store,
      queryEvents: (query) => {
        queries++;
        return store.queryEvents(query);
      },
      writePoints: (points) => store.writePoints(points),
    };
    const cached = createApi({
      store: counting,
      signals: SIGNALS,
      clock: () => NOW,
      auth: { token: 't' },
      limits: { responseCacheSeconds: 60 },
    });
    const first = await cached.app.request('/api/v1/events?limit=3');
    const second = await cached.app.request('/api/v1/events?limit=3');
    assert.equal(queries, 1);
    assert.equal(second.headers.get('cache-control'), 'public, max-age=60');
    assert.deepEqual(await second.json(), await first.json());
    const untyped = await cached.app.request('/api/v1/ingest/series', {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: 'x',
    });
    assert.equal(untyped.status, 415);
    assert.equal(queries, 1);
    const ingest = await cached.app.request('/api/v1/ingest/series', {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'text/csv' },
      body: '2022-01-08T00:00:00Z,country/UZ,traffic.requests,1\n',
    });
    assert.equal(ingest.status, 200, await ingest.clone().text());
    await cached.app.request('/api/v1/events?limit=3');
    assert.equal(queries, 2);
  });
});

describe('OpenAPI document', () => {
  it('validates and documents every route', async () => {
    const document = (await (await app.request('/openapi.json')).json()) as OpenAPIV3.Document;
    await SwaggerParser.validate(structuredClone(document) as never);
    for (const path of [
      '/api/v1/entities',
      '/api/v1/signals/{entityType}/{entityCode}',
      '/api/v1/events',
      '/api/v1/events/{id}',
      '/api/v1/cost',
      '/api/v1/health',
      '/api/v1/ingest/series',
      '/signals/raw/{entityType}/{entityCode}',
      '/outages/events',
      '/feeds/atom.xml',
    ])
      assert.ok(document.paths[path], `${path} documented`);
  });
});
