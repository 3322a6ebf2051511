/**
 * JSON Lines for MRT: one object per record (or per route), RFC field names, addresses and
 * prefixes as text, raw bytes as hex. For people and jq, not a storage format.
 */
import type { IpAddress } from '../../../geo/ip.js';
import { formatIp } from '../../../geo/ip.js';
import type { MrtResult } from './models.js';
import type { MrtRoute } from './routes.js';

function isAddress(value: object): value is IpAddress {
  return 'family' in value && (value.family === 4 || value.family === 6);
}

/** JSON.stringify replacer: typed values to their usual text forms. */
function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex');
  if (typeof value !== 'object' || value === null) return value;
  if (isAddress(value)) return formatIp(value);
  if (
    'address' in value &&
    'length' in value &&
    typeof value.length === 'number' &&
    typeof value.address === 'object' &&
    value.address !== null &&
    isAddress(value.address)
  )
    return `${formatIp(value.address)}/${value.length}`;
  return value;
}

export function formatResultJson(result: MrtResult): string {
  if (result.ok)
    return JSON.stringify(
      { offset: result.offset, length: result.length, ...result.record },
      replacer,
    );
  return JSON.stringify({ error: result.error }, replacer);
}

export function formatRouteJson(route: MrtRoute): string {
  const { attributes, ...rest } = route;
  if (attributes === null) return JSON.stringify(rest, replacer);
  // The resolved values, not the raw attribute list they came from (that is in --format jsonl).
  const resolved: Record<string, unknown> = { ...rest, ...attributes };
  delete resolved.attributes;
  return JSON.stringify(resolved, replacer);
}
