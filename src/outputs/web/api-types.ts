/**
 * The shapes the dashboard reads from the HTTP API (src/outputs/api/schemas.ts is the source
 * of truth; these mirror it without pulling zod into the browser bundle).
 */
import type { OutageEvent } from '../../model/event.js';

export interface ApiEntity {
  readonly id: string;
  readonly type: 'country' | 'region' | 'asn';
  readonly code: string;
  readonly name: string | null;
  readonly signals: readonly string[];
  readonly first: number | null;
  readonly last: number | null;
}

export interface ApiSeries {
  readonly entity: string;
  readonly signal: string;
  readonly unit: string;
  readonly description: string | null;
  readonly step: number;
  readonly from: number;
  readonly until: number;
  readonly normalised: boolean;
  readonly baseline: number | null;
  /** null = unknown, never zero. */
  readonly values: readonly (number | null)[];
  readonly coverage: readonly number[];
}

export interface ApiEventDetail {
  readonly event: OutageEvent;
  readonly evidence: readonly ApiSeries[];
  /** The impact module's estimate (low/high/currency at least), or null when unavailable. */
  readonly impact: unknown;
}

export type { OutageEvent };
