/**
 * Nightlight's configuration: a JSON or YAML file validated with zod, then environment
 * overrides, then command-line flags. Every problem is reported with its path, all at once,
 * as one 'bad_config' error.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { NightlightError, messageOf } from '../model/failure.js';

const GeoSchema = z
  .object({
    /** ip-location-db CSV tables (numeric or dotted ranges, optionally .gz); defaults: the bundled npm packages. */
    asnTables: z.array(z.string().min(1)).optional(),
    countryTables: z.array(z.string().min(1)).optional(),
    /** A MaxMind/DB-IP .mmdb file (City, Country or ASN); a City database adds regions. */
    mmdb: z.string().min(1).optional(),
    /** CSV of asn,access_type,… overriding the bundled access-type table. */
    accessTypes: z.string().min(1).optional(),
  })
  .strict();

export const ConfigSchema = z
  .object({
    /** `duckdb:PATH` (or a bare path), `memory:`, or `clickhouse://host:port[,host:port]/db?cluster=NAME`. */
    store: z.string().min(1).default('duckdb:nightlight.duckdb'),
    /** Default signal bin width in seconds. */
    stepSeconds: z.number().int().positive().max(86400).default(300),
    geo: GeoSchema.default({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** Environment variables and the config path each one sets. */
export const ENVIRONMENT_OVERRIDES = {
  NIGHTLIGHT_STORE: 'store',
  NIGHTLIGHT_STEP_SECONDS: 'stepSeconds',
  NIGHTLIGHT_GEO_ASN_TABLES: 'geo.asnTables',
  NIGHTLIGHT_GEO_COUNTRY_TABLES: 'geo.countryTables',
  NIGHTLIGHT_GEO_MMDB: 'geo.mmdb',
  NIGHTLIGHT_GEO_ACCESS_TYPES: 'geo.accessTypes',
} as const;

const LIST_PATHS = new Set(['geo.asnTables', 'geo.countryTables']);

/** Validates a parsed config object (plus overrides) and names every problem by its path. */
export function parseConfig(raw: unknown, origin: string): Config {
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    return `${path}: ${issue.message}`;
  });
  throw new NightlightError(
    'bad_config',
    `Invalid configuration in ${origin}: ${problems.join('; ')}`,
  );
}

/** Reads a config file; YAML unless the name ends in .json. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new NightlightError(
      'bad_config',
      `Cannot read configuration file ${path}: ${messageOf(error)}`,
    );
  }
  try {
    return path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    // YAML errors quote the offending line below the first; the first line says it all.
    const [reason] = messageOf(error).split('\n');
    throw new NightlightError('bad_config', `Cannot parse configuration file ${path}: ${reason}`);
  }
}

/**
 * Applies NIGHTLIGHT_* variables on top of a raw config object. Values stay strings (lists
 * split on commas) until zod checks them, so a bad variable is reported like a bad file entry.
 */
export function applyEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const merged: Record<string, unknown> = isRecord(raw) ? structuredClone(raw) : {};
  for (const [name, path] of Object.entries(ENVIRONMENT_OVERRIDES)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = LIST_PATHS.has(path)
      ? text.split(',').map((s) => s.trim())
      : path === 'stepSeconds'
        ? Number(text)
        : text;
    setPath(merged, path.split('.'), value);
  }
  return merged;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next: Record<string, unknown> = isRecord(child) ? child : {};
  target[head] = next;
  setPath(next, rest, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
