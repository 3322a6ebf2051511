/**
 * Safe readers for untrusted JSON: every OONI field may be missing, null or of another type
 * in some schema generation, so callers ask for the type they need and get null otherwise.
 * Pure; never throws.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | null {
  if (!isObject(value)) return null;
  const found = value[key];
  return isObject(found) ? found : null;
}

export function stringAt(value: unknown, key: string): string | null {
  if (!isObject(value)) return null;
  const found = value[key];
  return typeof found === 'string' ? found : null;
}

export function numberAt(value: unknown, key: string): number | null {
  if (!isObject(value)) return null;
  const found = value[key];
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}

export function booleanAt(value: unknown, key: string): boolean | null {
  if (!isObject(value)) return null;
  const found = value[key];
  return typeof found === 'boolean' ? found : null;
}

/** The array at `key`, keeping only its object elements. */
export function objectsAt(value: unknown, key: string): JsonObject[] {
  if (!isObject(value)) return [];
  const found = value[key];
  return Array.isArray(found) ? found.filter(isObject) : [];
}

/** The array at `key`, keeping only its string elements. */
export function stringsAt(value: unknown, key: string): string[] {
  if (!isObject(value)) return [];
  const found = value[key];
  return Array.isArray(found) ? found.filter((item) => typeof item === 'string') : [];
}

/**
 * An OONI failure: a string from OONI's vocabulary (`connection_reset`, `dns_nxdomain_error`
 * …), or null for success. Old probes wrote `false` for "no failure"; any other non-string is
 * treated as no failure recorded.
 */
export function failureAt(value: unknown, key: string): string | null {
  const found = stringAt(value, key);
  return found === null || found === '' ? null : found;
}
