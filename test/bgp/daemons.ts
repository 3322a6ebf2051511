/**
 * Real BGP daemons for integration tests (TOOLCHAIN.md): bird2 and gobgpd, each on its own
 * 127.0.0.x, in a temp dir, started in the foreground so the test owns (and kills) the PID.
 * Missing binaries are a failure, not a skip.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function requireBinaries(names: readonly string[]): void {
  const missing = names.filter((n) => spawnSync('sh', ['-c', `command -v ${n}`]).status !== 0);
  if (missing.length > 0)
    throw new Error(
      `Cannot run the daemon tests: ${missing.join(', ')} missing (apt-get install bird2 gobgpd)`,
    );
}

export interface Daemon {
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

function started(child: ChildProcess, name: string, dir: string): Daemon {
  const log: string[] = [];
  child.stdout?.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  child.on('exit', (code) => {
    if (code !== null && code !== 0)
      process.stderr.write(`${name} exited ${code} (${dir}):\n${log.join('')}\n`);
  });
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'),
        3000,
      );
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface BirdOptions {
  readonly dir: string;
  readonly address: string;
  readonly asn: number;
  /** bird's own listening port (it always listens). */
  readonly listenPort: number;
  readonly collector: { readonly address: string; readonly port: number; readonly asn: number };
  /** Static groups: name → prefixes, each announced with `origin` prepended. */
  readonly groups: readonly { name: string; origin: number; prefixes: readonly string[] }[];
}

export function startBird(
  options: BirdOptions,
): Daemon & { birdc(...args: string[]): Promise<string> } {
  const { dir, address, asn, collector } = options;
  const socket = join(dir, 'bird.ctl');
  const statics = options.groups
    .map(
      (g) => `protocol static ${g.name} {
  ipv4 { import filter { bgp_path.prepend(${g.origin}); accept; }; };
${g.prefixes.map((p) => `  route ${p} blackhole;`).join('\n')}
}`,
    )
    .join('\n');
  const config = `router id ${address};
protocol device {}
${statics}
protocol bgp collector {
  local ${address} port ${options.listenPort} as ${asn};
  neighbor ${collector.address} port ${collector.port} as ${collector.asn};
  multihop;
  connect retry time 1;
  ipv4 { import none; export filter { bgp_next_hop = 198.18.0.1; accept; }; next hop keep; };
}
`;
  const conf = join(dir, 'bird.conf');
  writeFileSync(conf, config);
  const child = spawn('bird', ['-f', '-c', conf, '-s', socket], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    ...started(child, 'bird', dir),
    async birdc(...args) {
      return (await run('birdc', ['-s', socket, ...args])).stdout;
    },
  };
}

export interface GobgpOptions {
  readonly dir: string;
  readonly address: string;
  readonly asn: number;
  readonly apiPort: number;
  readonly collector: { readonly address: string; readonly port: number; readonly asn: number };
}

export function startGobgp(
  options: GobgpOptions,
): Daemon & { gobgp(...args: string[]): Promise<string> } {
  const { dir, address, asn, collector, apiPort } = options;
  const config = `[global.config]
  as = ${asn}
  router-id = "${address}"
  port = -1
  local-address-list = ["${address}"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "${collector.address}"
    peer-as = ${collector.asn}
  [neighbors.transport.config]
    remote-port = ${collector.port}
    local-address = "${address}"
  [neighbors.timers.config]
    connect-retry = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
`;
  const conf = join(dir, 'gobgpd.toml');
  writeFileSync(conf, config);
  const child = spawn(
    'gobgpd',
    ['-f', conf, '--api-hosts', `127.0.0.1:${apiPort}`, '--pprof-disable', '-p'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return {
    ...started(child, 'gobgpd', dir),
    async gobgp(...args) {
      return (await run('gobgp', ['-u', '127.0.0.1', '-p', String(apiPort), ...args])).stdout;
    },
  };
}

/** A port free on `host` right now (bound and released). */
export async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes (then throws `what`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
