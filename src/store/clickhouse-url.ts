/**
 * Parses `clickhouse://` store URLs into ClickHouse driver options: several comma-separated
 * HTTP endpoints are the shards of `?cluster=`. A malformed URL throws 'bad_config'.
 */
import { NightlightError } from '../model/failure.js';

export interface ClickHouseOptions {
  /** HTTP endpoints as `host:port`, one per shard; reads and writes use the first reachable. */
  readonly hosts: readonly string[];
  readonly database: string;
  /** Cluster name from the servers' `remote_servers`; without it the one host holds plain tables. */
  readonly cluster?: string;
  readonly username?: string;
  readonly password?: string;
  /** Rows per INSERT. */
  readonly batchSize?: number;
  readonly requestTimeoutMs?: number;
  /** HTTPS (`clickhouses://`); plain HTTP when absent. */
  readonly secure?: boolean;
}

export const DEFAULT_CLICKHOUSE_DATABASE = 'nightlight';
const DEFAULT_PORTS = { http: 8123, https: 8443 } as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLUSTER = /^[A-Za-z0-9_.-]+$/;
const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/**
 * `clickhouse://[user:password@]host[:port][,host[:port]…][/database][?cluster=…&user=…&password=…]`
 * (`batch`, `timeout` in ms are accepted too); `clickhouses://` for HTTPS. Ports default to 8123
 * (8443 for HTTPS), the database to `nightlight`.
 */
export function parseClickHouseUrl(url: string): ClickHouseOptions {
  const fail = (problem: string): never => {
    throw new NightlightError('bad_config', `Cannot parse ClickHouse URL: ${problem}`);
  };
  const match = /^clickhouse(s?):\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(
    url,
  );
  if (match === null) return fail(`expected clickhouse://host:port/database, found ${redact(url)}`);
  const [, tls, userInfo, hostList = '', path = '', query = ''] = match;
  const secure = tls === 's';
  const defaultPort = secure ? DEFAULT_PORTS.https : DEFAULT_PORTS.http;
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (!['cluster', 'user', 'password', 'batch', 'timeout'].includes(key))
      fail(`unknown parameter ${JSON.stringify(key)}`);
  }

  const hosts = hostList.split(',').map((h) => h.trim());
  if (hosts.some((h) => !HOST_PORT.test(h)))
    fail(`expected host:port list, found ${JSON.stringify(hostList)}`);
  const withPorts = hosts.map((h) =>
    /:\d+$/.test(h) && !h.endsWith(']') ? h : `${h}:${defaultPort}`,
  );

  const database = decode(path) || DEFAULT_CLICKHOUSE_DATABASE;
  if (!IDENTIFIER.test(database))
    fail(`database must be letters, digits and _, found ${JSON.stringify(database)}`);

  const cluster = params.get('cluster') ?? undefined;
  if (cluster !== undefined && !CLUSTER.test(cluster))
    fail(`cluster must be letters, digits, '.', '-' and _, found ${JSON.stringify(cluster)}`);
  if (cluster === undefined && withPorts.length > 1)
    fail(`${withPorts.length} hosts need ?cluster= naming their remote_servers cluster`);

  const [rawUser, rawPassword] = userInfo === undefined ? [] : splitOnce(userInfo, ':');
  const username = params.get('user') ?? (rawUser === undefined ? undefined : decode(rawUser));
  const password =
    params.get('password') ?? (rawPassword === undefined ? undefined : decode(rawPassword));

  const batchSize = positiveInteger(params.get('batch'), 'batch', fail);
  const requestTimeoutMs = positiveInteger(params.get('timeout'), 'timeout', fail);
  return {
    hosts: withPorts,
    database,
    ...(cluster === undefined ? {} : { cluster }),
    ...(username ? { username } : {}),
    ...(password === undefined ? {} : { password }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(secure ? { secure } : {}),
  };
}

/** The URL of a store without its credentials, for messages and `info().location`. */
export function formatClickHouseLocation(options: ClickHouseOptions): string {
  const cluster = options.cluster === undefined ? '' : `?cluster=${options.cluster}`;
  const scheme = options.secure === true ? 'clickhouses' : 'clickhouse';
  return `${scheme}://${options.hosts.join(',')}/${options.database}${cluster}`;
}

function positiveInteger(
  text: string | null,
  name: string,
  fail: (problem: string) => never,
): number | undefined {
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    fail(`${name} must be a positive integer, found ${JSON.stringify(text)}`);
  return value;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new NightlightError(
      'bad_config',
      `Cannot parse ClickHouse URL: bad escape in ${JSON.stringify(text)}`,
    );
  }
}

/** Hides a password, in userinfo or query, before a URL goes into a message. */
function redact(url: string): string {
  return JSON.stringify(
    url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/(password=)[^&#]*/, '$1***'),
  );
}
