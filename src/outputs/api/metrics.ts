/**
 * Prometheus text exposition (format 0.0.4) for /metrics: requests by route and status, a
 * latency histogram, points ingested through the API, alert deliveries, and from the store
 * what it can honestly tell: counts (info) and, per signal, the newest stored bin and its lag
 * behind the clock. Store figures are cached for a minute: they scan the whole store.
 */
import type { Store } from '../../store/store.js';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const STORE_CACHE_SECONDS = 60;

export interface ApiMetrics {
  observe(route: string, method: string, status: number, seconds: number): void;
  ingested(points: number, skipped: number): void;
  alert(sink: string, outcome: 'delivered' | 'failed' | 'retried'): void;
  render(): Promise<string>;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export function createApiMetrics(store: Store, clock: () => number): ApiMetrics {
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const alerts = new Map<string, number>();
  let ingestedPoints = 0;
  let skippedLines = 0;
  let storeCache: { at: number; text: Promise<string> } | undefined;

  const storeMetrics = async (): Promise<string> => {
    const now = clock();
    const [info, listing] = await Promise.all([store.info(), store.listSeries()]);
    const newest = new Map<string, number>();
    for (const s of listing) newest.set(s.signal, Math.max(newest.get(s.signal) ?? 0, s.last));
    const lines = [
      '# HELP nightlight_store_series Series stored.',
      '# TYPE nightlight_store_series gauge',
      `nightlight_store_series ${info.series}`,
      '# HELP nightlight_store_points Signal points stored (deduplicated).',
      '# TYPE nightlight_store_points gauge',
      `nightlight_store_points ${info.points}`,
      '# HELP nightlight_store_events Outage events stored.',
      '# TYPE nightlight_store_events gauge',
      `nightlight_store_events ${info.events}`,
      '# HELP nightlight_store_checkpoints Ingestion checkpoints (collector resume positions).',
      '# TYPE nightlight_store_checkpoints gauge',
      `nightlight_store_checkpoints ${info.checkpoints}`,
      '# HELP nightlight_signal_last_bin_seconds Start of the newest stored bin of each signal.',
      '# TYPE nightlight_signal_last_bin_seconds gauge',
      ...[...newest].map(
        ([signal, last]) => `nightlight_signal_last_bin_seconds{signal="${label(signal)}"} ${last}`,
      ),
      '# HELP nightlight_signal_lag_seconds Clock minus the newest stored bin: how far ingest is behind.',
      '# TYPE nightlight_signal_lag_seconds gauge',
      ...[...newest].map(
        ([signal, last]) =>
          `nightlight_signal_lag_seconds{signal="${label(signal)}"} ${now - last}`,
      ),
    ];
    return lines.join('\n');
  };

  return {
    observe(route, method, status, seconds) {
      const key = `route="${label(route)}",method="${label(method)}",status="${status}"`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const hKey = `route="${label(route)}"`;
      let h = latency.get(hKey);
      if (h === undefined)
        latency.set(hKey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
      BUCKETS.forEach((bound, i) => {
        if (seconds <= bound) h.counts[i]!++;
      });
      h.sum += seconds;
      h.count++;
    },
    ingested(points, skipped) {
      ingestedPoints += points;
      skippedLines += skipped;
    },
    alert(sink, outcome) {
      const key = `sink="${label(sink)}",outcome="${outcome}"`;
      alerts.set(key, (alerts.get(key) ?? 0) + 1);
    },
    async render() {
      const now = clock();
      if (storeCache === undefined || now - storeCache.at >= STORE_CACHE_SECONDS) {
        const text = storeMetrics();
        storeCache = { at: now, text };
        text.catch(() => {
          if (storeCache?.text === text) storeCache = undefined;
        });
      }
      const store = await storeCache.text.then(
        (text) => `${text}\nnightlight_store_up 1`,
        () => 'nightlight_store_up 0',
      );
      const lines = [
        '# HELP nightlight_http_requests_total HTTP requests by route template, method and status.',
        '# TYPE nightlight_http_requests_total counter',
        ...[...requests].map(([k, v]) => `nightlight_http_requests_total{${k}} ${v}`),
        '# HELP nightlight_http_request_duration_seconds Time to answer, by route template.',
        '# TYPE nightlight_http_request_duration_seconds histogram',
        ...[...latency].flatMap(([k, h]) => [
          ...BUCKETS.map(
            (b, i) =>
              `nightlight_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`,
          ),
          `nightlight_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`,
          `nightlight_http_request_duration_seconds_sum{${k}} ${h.sum}`,
          `nightlight_http_request_duration_seconds_count{${k}} ${h.count}`,
        ]),
        '# HELP nightlight_ingest_points_total Signal points written through the API.',
        '# TYPE nightlight_ingest_points_total counter',
        `nightlight_ingest_points_total ${ingestedPoints}`,
        '# HELP nightlight_ingest_skipped_total Ingest lines refused (reported to the client).',
        '# TYPE nightlight_ingest_skipped_total counter',
        `nightlight_ingest_skipped_total ${skippedLines}`,
        '# HELP nightlight_alert_deliveries_total Alert delivery attempts by sink and outcome.',
        '# TYPE nightlight_alert_deliveries_total counter',
        ...[...alerts].map(([k, v]) => `nightlight_alert_deliveries_total{${k}} ${v}`),
        '# HELP nightlight_store_up 1 when the store answered the last scrape.',
        '# TYPE nightlight_store_up gauge',
        store,
      ];
      return `${lines.join('\n')}\n`;
    },
  };
}

/** Label values escaped per the exposition format: backslash, quote, newline. */
function label(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
