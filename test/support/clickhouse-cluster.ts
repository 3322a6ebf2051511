/**
 * Test support: a throw-away ClickHouse cluster of loopback-only servers (one shard each), for
 * the store contract, the shard-down test and the benchmark. Servers are started and stopped by
 * the PIDs spawned here; a failure to start names the server and quotes its error log.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const CLUSTER_NAME = 'nightlight';
const HOST = '127.0.0.1';
/** Below Linux's ephemeral range (32768+), so client sockets never take a port we restart on. */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ClickHouseNode {
  readonly index: number;
  readonly httpPort: number;
  readonly tcpPort: number;
  readonly interserverPort: number;
  /** `http://127.0.0.1:PORT`, for a client talking to this server alone. */
  readonly httpUrl: string;
  readonly dir: string;
  /** PID of the running server, undefined while stopped. */
  readonly pid: number | undefined;
}

export interface ClickHouseCluster {
  readonly nodes: readonly ClickHouseNode[];
  /** A `clickhouse://` store URL over every shard, for the given database. */
  storeUrl(database: string): string;
  /**
   * Stops one server and waits for it to exit: SIGTERM (SIGKILL after a grace period) is a
   * clean stop, ~5 s for 18.16 whose config reloaders only notice every 2 s; SIGKILL a crash.
   */
  stopNode(index: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped server again on the same ports and data, and waits until it answers. */
  startNode(index: number): Promise<void>;
  /** Kills every server this helper started, waits for them, and removes their directory. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  readonly shards?: number;
  /** Progress lines (install, start, stop); silent when absent. */
  readonly log?: (line: string) => void;
}

interface NodeState {
  index: number;
  httpPort: number;
  tcpPort: number;
  interserverPort: number;
  dir: string;
  child: ChildProcess | undefined;
}

/** Every running child of every cluster, killed synchronously if the process exits early. */
const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

export async function startClickHouseCluster(
  options: ClusterOptions = {},
): Promise<ClickHouseCluster> {
  const log = options.log ?? (() => {});
  const command = ensureClickHouseInstalled(log);
  installExitHook();
  const shards = options.shards ?? 2;
  const root = await mkdtemp(join(tmpdir(), 'nightlight-clickhouse-'));
  tempDirs.add(root);
  const ports = await freePorts(shards * 3);
  const nodes: NodeState[] = Array.from({ length: shards }, (_, index) => ({
    index,
    httpPort: ports[index * 3]!,
    tcpPort: ports[index * 3 + 1]!,
    interserverPort: ports[index * 3 + 2]!,
    dir: join(root, `shard${index + 1}`),
    child: undefined,
  }));

  async function start(node: NodeState): Promise<void> {
    const child = spawn(
      command.file,
      [...command.args, `--config-file=${join(node.dir, 'config.xml')}`],
      {
        cwd: node.dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    node.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    log(
      `Started ClickHouse shard ${node.index + 1}: pid ${child.pid}, http ${HOST}:${node.httpPort}`,
    );
    try {
      await waitUntilReady(node, child);
    } catch (error) {
      await stopChild(child, 'SIGKILL');
      node.child = undefined;
      const errorLog = readTail(join(node.dir, 'log', 'error.log'));
      throw new Error(
        `Cannot start ClickHouse shard ${node.index + 1} on ${HOST}:${node.httpPort}: ${(error as Error).message}` +
          `${stderr ? `\nstderr: ${stderr}` : ''}${errorLog ? `\nerror log: ${errorLog}` : ''}`,
        { cause: error },
      );
    }
  }

  async function stopNode(node: NodeState, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = node.child;
    node.child = undefined;
    if (child === undefined) return;
    await stopChild(child, signal);
    log(`Stopped ClickHouse shard ${node.index + 1}: pid ${child.pid}, ${signal}`);
  }

  try {
    for (const node of nodes) await writeNodeConfig(node, nodes);
    await Promise.all(nodes.map(start));
  } catch (error) {
    await Promise.all(nodes.map((n) => stopNode(n, 'SIGKILL')));
    rmSync(root, { recursive: true, force: true });
    tempDirs.delete(root);
    throw error;
  }

  function nodeAt(index: number): NodeState {
    const node = nodes[index];
    if (node === undefined) throw new Error(`Cannot find shard: index ${index} of ${nodes.length}`);
    return node;
  }

  return {
    get nodes() {
      return nodes.map((n) => ({
        index: n.index,
        httpPort: n.httpPort,
        tcpPort: n.tcpPort,
        interserverPort: n.interserverPort,
        httpUrl: `http://${HOST}:${n.httpPort}`,
        dir: n.dir,
        pid: n.child?.pid,
      }));
    },
    storeUrl(database) {
      const hosts = nodes.map((n) => `${HOST}:${n.httpPort}`).join(',');
      return `clickhouse://${hosts}/${database}?cluster=${CLUSTER_NAME}`;
    },
    async stopNode(index, signal = 'SIGTERM') {
      await stopNode(nodeAt(index), signal);
    },
    async startNode(index) {
      const node = nodeAt(index);
      if (node.child !== undefined) return;
      await start(node);
    },
    async stop() {
      // The data is thrown away, so there is nothing for a clean shutdown to save.
      await Promise.all(nodes.map((n) => stopNode(n, 'SIGKILL')));
      rmSync(root, { recursive: true, force: true });
      tempDirs.delete(root);
    },
  };
}

interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

/** Finds the server binary, installing the Debian package when neither form is present. */
function ensureClickHouseInstalled(log: (line: string) => void): Command {
  const found = findServer();
  if (found !== undefined) return found;
  const say = (line: string) => {
    log(line);
    process.stderr.write(`${line}\n`);
  };
  say('Installing clickhouse-server: apt-get install -y clickhouse-server (binary not found)');
  let result = spawnSync('apt-get', ['install', '-y', 'clickhouse-server'], { stdio: 'inherit' });
  if (result.status !== 0) {
    // A bare machine has no package lists yet.
    say('Installing clickhouse-server: apt-get update, then install again');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    result = spawnSync('apt-get', ['install', '-y', 'clickhouse-server'], { stdio: 'inherit' });
  }
  const installed = findServer();
  if (result.status !== 0 || installed === undefined) {
    throw new Error(
      `Cannot install clickhouse-server: apt-get exited with ${result.status ?? result.signal}`,
    );
  }
  return installed;
}

function findServer(): Command | undefined {
  if (existsSync('/usr/sbin/clickhouse-server'))
    return { file: '/usr/sbin/clickhouse-server', args: [] };
  const paths = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...paths, '/usr/bin', '/usr/sbin']) {
    if (existsSync(join(dir, 'clickhouse-server')))
      return { file: join(dir, 'clickhouse-server'), args: [] };
  }
  for (const dir of [...paths, '/usr/bin']) {
    // Modern packages ship one multi-call binary: `clickhouse server`.
    if (existsSync(join(dir, 'clickhouse')))
      return { file: join(dir, 'clickhouse'), args: ['server'] };
  }
  return undefined;
}

async function writeNodeConfig(node: NodeState, all: readonly NodeState[]): Promise<void> {
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) {
    await mkdir(join(node.dir, sub), { recursive: true });
  }
  const shards = all
    .map(
      (n) =>
        `      <shard><replica><host>${HOST}</host><port>${n.tcpPort}</port></replica></shard>`,
    )
    .join('\n');
  const config = `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${node.dir}/log/server.log</log>
    <errorlog>${node.dir}/log/error.log</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>${HOST}</listen_host>
  <http_port>${node.httpPort}</http_port>
  <tcp_port>${node.tcpPort}</tcp_port>
  <interserver_http_port>${node.interserverPort}</interserver_http_port>
  <interserver_http_host>${HOST}</interserver_http_host>
  <path>${node.dir}/data/</path>
  <tmp_path>${node.dir}/tmp/</tmp_path>
  <user_files_path>${node.dir}/user_files/</user_files_path>
  <format_schema_path>${node.dir}/format_schemas/</format_schema_path>
  <users_config>${node.dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <${CLUSTER_NAME}>
${shards}
    </${CLUSTER_NAME}>
  </remote_servers>
</yandex>
`;
  const users = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
    </default>
  </quotas>
</yandex>
`;
  await writeFile(join(node.dir, 'config.xml'), config);
  await writeFile(join(node.dir, 'users.xml'), users);
}

async function waitUntilReady(node: NodeState, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  child.once('error', (error) => (exited = `could not run: ${error.message}`));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`server ${exited}`);
    try {
      const response = await fetch(`http://${HOST}:${node.httpPort}/ping`, {
        signal: AbortSignal.timeout(1000),
      });
      const body = await response.text();
      if (response.ok && body.startsWith('Ok')) return;
      last = `ping answered ${response.status} ${body.trim()}`;
    } catch (error) {
      last = `ping failed: ${(error as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS} ms, ${last}`);
}

async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  // A child that never spawned (no pid) has nothing to stop and never emits 'exit'.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

/** Ports free on 127.0.0.1 right now, drawn at random below the ephemeral range. */
async function freePorts(count: number): Promise<number[]> {
  const chosen = new Set<number>();
  for (let attempt = 0; chosen.size < count && attempt < count * 50; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (!chosen.has(port) && (await isFree(port))) chosen.add(port);
  }
  if (chosen.size < count)
    throw new Error(`Cannot find free ports: found ${chosen.size} of ${count} on ${HOST}`);
  return [...chosen];
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000).trim();
  } catch {
    return '';
  }
}

/** Kills leftover servers and removes their directories even when a test run dies early. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanUp = () => {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      // Re-raise so the process still dies of the signal it was sent.
      process.kill(process.pid, signal);
    });
  }
}
