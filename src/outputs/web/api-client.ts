/**
 * Typed reads of the Nightlight API from the browser. A failed request throws an Error whose
 * message is the API's own `error.message` (already safe to show) or the HTTP status.
 */
import type { ApiEntity, ApiEventDetail, ApiSeries, OutageEvent } from './api-types.js';

type Query = Record<string, string | number | boolean | undefined>;

async function getJson<T>(path: string, query: Query = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  const url = params.size > 0 ? `${path}?${params.toString()}` : path;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(`Cannot load ${path}: ${message}`);
  }
  return (await response.json()) as T;
}

export interface EventFilter {
  readonly entity?: string;
  readonly from?: number;
  readonly to?: number;
  readonly status?: 'open' | 'closed';
  readonly limit?: number;
}

export const api = {
  async entities(query: { type?: string; q?: string; limit?: number } = {}) {
    return (await getJson<{ entities: ApiEntity[] }>('/api/v1/entities', query)).entities;
  },
  async events(filter: EventFilter = {}) {
    return (await getJson<{ events: OutageEvent[] }>('/api/v1/events', { ...filter })).events;
  },
  event(id: string) {
    return getJson<ApiEventDetail>(`/api/v1/events/${encodeURIComponent(id)}`);
  },
  async signals(
    entity: string,
    query: { from: number; to: number; signal?: string; step?: number; normalise?: boolean },
  ) {
    const [type, code] = entity.split('/');
    const path = `/api/v1/signals/${encodeURIComponent(type ?? '')}/${encodeURIComponent(code ?? '')}`;
    return (await getJson<{ series: ApiSeries[] }>(path, query)).series;
  },
};
