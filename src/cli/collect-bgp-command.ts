/**
 * `nightlight collect bgp --listen ADDR:PORT --asn N --router-id ID`: run a passive BGP
 * collector until SIGINT or SIGTERM, writing routing visibility points at each closed bin.
 */
import type { Command } from 'commander';
import { isIP } from 'node:net';
import { createLiveCollector } from '../collectors/bgp/live-collector.js';
import type { ConfiguredPeer } from '../collectors/bgp/speaker/speaker.js';
import { parseIpv4OrNegative } from '../geo/ip.js';
import { NightlightError } from '../model/failure.js';
import { addFullFeedOptions, fullFeedOf, type FullFeedFlags } from './bgp-options.js';
import { contextOf } from './context.js';
import { parseCount } from './ingest-logs-command.js';
import { loadGeo } from './load-geo.js';

interface CollectBgpOptions extends FullFeedFlags {
  readonly listen: string;
  readonly asn: number;
  readonly routerId: string;
  readonly peer?: string[];
  readonly connect?: boolean;
  readonly mrtOut?: string;
  readonly source?: string;
  readonly holdTime: number;
}

const bad = (what: string, text: string, expected: string): never => {
  throw new NightlightError(
    'bad_input',
    `Cannot parse ${what}: expected ${expected}, found ${JSON.stringify(text)}`,
  );
};

/** `127.0.0.1:1179`, `[::1]:1179`. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const host = m?.[1] ?? m?.[2] ?? '';
  const port = Number(m?.[3]);
  if (isIP(host) === 0 || !(port >= 0 && port < 65536)) bad('--listen', text, 'ADDRESS:PORT');
  return { host, port };
}

/** `ADDR`, `ADDR:AS`, `ADDR:AS:PORT`; IPv6 in brackets: `[2001:db8::1]:65001`. */
export function parsePeer(text: string): ConfiguredPeer {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?(?::(\d+))?$/.exec(text);
  const address = m?.[1] ?? m?.[2] ?? (isIP(text) === 6 ? text : '');
  if (isIP(address) === 0) bad('--peer', text, 'ADDRESS[:AS[:PORT]]');
  const asn = m?.[3] === undefined ? null : Number(m[3]);
  const port = m?.[4] === undefined ? undefined : Number(m[4]);
  if (asn !== null && !(asn > 0 && asn < 2 ** 32)) bad('--peer', text, 'an AS in 1…4294967295');
  return { address, asn, port };
}

export function registerCollectCommand(program: Command): void {
  const collect = program.command('collect').description('run a live collector');
  const bgp = collect
    .command('bgp')
    .description(
      'passive BGP collector: peers with routers, never announces, writes visibility series',
    )
    .requiredOption('--listen <addr:port>', 'address and port to accept BGP sessions on')
    .requiredOption('--asn <n>', 'our AS number', parseCount)
    .requiredOption('--router-id <ipv4>', 'our BGP Identifier')
    .option('--peer <addr[:as[:port]]...>', 'accept only these peers (and check their AS)')
    .option('--connect', 'also dial the --peer addresses (port from --peer, default 179)')
    .option('--hold-time <s>', 'proposed hold time', parseCount, 90)
    .option('--mrt-out <file>', 'append received UPDATEs and state changes as MRT BGP4MP')
    .option('--source <name>', 'name of this collector (default bgp:<listen address>)');
  addFullFeedOptions(bgp).action(async (options: CollectBgpOptions, command: Command) => {
    const context = contextOf(command);
    const listen = parseListen(options.listen);
    const routerId = parseIpv4OrNegative(options.routerId);
    if (routerId <= 0) bad('--router-id', options.routerId, 'a non-zero IPv4 address');
    if (!(options.asn > 0 && options.asn < 2 ** 32))
      bad('--asn', String(options.asn), '1…4294967295');
    const peers = (options.peer ?? []).map(parsePeer);
    const source = options.source ?? `bgp:${options.listen}`;
    const attributor = await loadGeo(context.config, { quiet: context.json });
    await context.withStore(async (store) => {
      const collector = createLiveCollector({
        listen,
        localAs: options.asn,
        routerId,
        holdTime: options.holdTime,
        peers,
        connect: options.connect === true,
        localAddress: listen.host,
        store,
        attributor,
        source,
        fullFeed: fullFeedOf(options),
        stepSeconds: context.config.stepSeconds,
        mrtOut: options.mrtOut,
        onLog: (line) => process.stderr.write(`nightlight: ${line}\n`),
        onBin: (bin, points) =>
          process.stderr.write(
            `nightlight: bin ${new Date(bin * 1000).toISOString()}: ${points} points\n`,
          ),
      });
      const bound = await collector.start();
      process.stderr.write(
        `nightlight: listening on ${bound?.host ?? listen.host}:${bound?.port ?? listen.port}\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await collector.stop();
    });
  });
}
