/**
 * The one place store drivers are registered: a store URL picks its driver. Heavy clients
 * (ClickHouse) are imported only when their URL is used.
 */
import { NightlightError } from '../model/failure.js';
import type { Store } from './store.js';

/**
 * `memory:`, `duckdb:PATH` (or a bare PATH), or `clickhouse://host:port[,host:port…]/db?cluster=NAME`.
 */
export async function openStore(url: string): Promise<Store> {
  if (url === 'memory:') {
    const { createMemoryStore } = await import('./memory.js');
    return createMemoryStore();
  }
  if (url.startsWith('clickhouse://') || url.startsWith('clickhouses://')) {
    const { createClickHouseStore, parseClickHouseUrl } = await import('./clickhouse.js');
    return createClickHouseStore(parseClickHouseUrl(url));
  }
  const path = url.startsWith('duckdb:') ? url.slice('duckdb:'.length) : url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path === '') {
    throw new NightlightError(
      'bad_config',
      `Cannot open store: expected memory:, duckdb:PATH or clickhouse://host:port/db, found ${JSON.stringify(url)}`,
    );
  }
  const { createDuckDBStore } = await import('./duckdb.js');
  return createDuckDBStore({ path });
}
