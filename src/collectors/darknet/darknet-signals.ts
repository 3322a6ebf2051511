/**
 * The signals of a darknet (network telescope): per bin and entity, distinct plausible
 * sources and their packets (IODA's telescope signal after anti-spoofing filters), the sources
 * filtered out as likely spoofed, and backscatter counted on its own. Counts are Poisson;
 * a bin with no point is unknown (the telescope may have been down).
 */
import type { Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { SignalPoint, SignalSpec } from '../../model/signal.js';
import type { ClosedBin } from '../traffic/bin-window.js';
import { createEntitySums, entitiesOf } from '../traffic/entity-sums.js';
import { isBogonIpv4, isBogonIpv6, spoofReason, type SpoofReason } from './spoof-filter.js';

function spec(
  name: string,
  description: string,
  unit: string,
  minVolume: number,
  evidence: SignalSpec['evidence'],
): SignalSpec {
  return {
    name,
    description,
    unit,
    stepSeconds: 300,
    combine: 'sum',
    missing: 'unknown',
    noise: 'poisson',
    minVolume,
    layer: 'reachability',
    evidence,
  };
}

export const DARKNET_SIGNALS: readonly SignalSpec[] = [
  spec(
    'darknet.sources',
    'distinct plausible (unspoofed) source addresses reaching the telescope',
    'addresses',
    20,
    'drop',
  ),
  spec(
    'darknet.packets',
    'packets from plausible sources, backscatter excluded',
    'packets',
    50,
    'drop',
  ),
  spec(
    'darknet.spoofed_sources',
    'distinct sources filtered as likely spoofed (single packet, unrouted)',
    'addresses',
    20,
    'none',
  ),
  spec(
    'darknet.backscatter_sources',
    'distinct sources of backscatter (victims answering spoofed packets)',
    'addresses',
    20,
    'none',
  ),
  spec(
    'darknet.backscatter_packets',
    'backscatter packets: TCP SYN-ACK or RST, ICMP replies and errors',
    'packets',
    50,
    'none',
  ),
];

/** Per-source counters of the darknet tally: packets, then the backscatter flag. */
export const DARKNET_COUNTERS = 2;
export const FLAG_BACKSCATTER = 1;
/** darknet.sources' minVolume: an entity this busy in one bin gets zeros when it falls silent. */
const ACTIVE_SOURCES = 20;

/** Run-wide counts by class, including sources no entity claims (bogons, unrouted). */
export interface DarknetTotals {
  sources: number;
  packets: number;
  spoofed: Record<SpoofReason, number>;
  backscatterSources: number;
  backscatterPackets: number;
}

export function createDarknetTotals(): DarknetTotals {
  return {
    sources: 0,
    packets: 0,
    spoofed: { bogon: 0, unrouted: 0, single_packet: 0 },
    backscatterSources: 0,
    backscatterPackets: 0,
  };
}

const [SOURCES, PACKETS, SPOOFED, BS_SOURCES, BS_PACKETS] = [0, 1, 2, 3, 4];

export function darknetPoints(
  closed: ClosedBin,
  options: { attributor: Attributor; source: string; known: Set<EntityId>; totals: DarknetTotals },
): SignalPoint[] {
  const { attributor, totals } = options;
  const sums = createEntitySums(5);
  const add = (
    entities: readonly EntityId[],
    asn: number | null,
    bogon: boolean,
    counts: Uint32Array,
  ) => {
    const backscatter = counts[1]!;
    const other = counts[0]! - backscatter;
    const reason = other === 0 ? null : spoofReason(bogon, asn, other);
    if (backscatter > 0) {
      totals.backscatterSources++;
      totals.backscatterPackets += backscatter;
    }
    if (other > 0 && reason !== null) totals.spoofed[reason]++;
    if (other > 0 && reason === null) {
      totals.sources++;
      totals.packets += other;
    }
    for (const entity of entities) {
      const row = sums.row(entity);
      if (backscatter > 0) {
        row[BS_SOURCES]!++;
        row[BS_PACKETS]! += backscatter;
      }
      if (other === 0) continue;
      if (reason !== null) row[SPOOFED]!++;
      else {
        row[SOURCES]!++;
        row[PACKETS]! += other;
      }
    }
  };
  closed.tally.forEachIpv4((ip, counts) => {
    const bogon = isBogonIpv4(ip);
    const a = bogon ? null : attributor.lookupIpv4(ip);
    add(a === null ? [] : entitiesOf(a), a?.asn ?? null, bogon, counts);
  });
  closed.tally.forEachIpv6((w, counts) => {
    const bogon = isBogonIpv6(w[0]!);
    const a = bogon
      ? null
      : attributor.lookupAddress({ family: 6, w0: w[0]!, w1: w[1]!, w2: w[2]!, w3: w[3]! });
    add(a === null ? [] : entitiesOf(a), a?.asn ?? null, bogon, counts);
  });
  return sums.points({
    bin: closed.bin,
    coverage: closed.coverage,
    source: options.source,
    known: options.known,
    active: (row) => row[SOURCES]! >= ACTIVE_SOURCES,
    valuesOf: (row) => [
      ['darknet.sources', row[SOURCES]!],
      ['darknet.packets', row[PACKETS]!],
      ['darknet.spoofed_sources', row[SPOOFED]!],
      ['darknet.backscatter_sources', row[BS_SOURCES]!],
      ['darknet.backscatter_packets', row[BS_PACKETS]!],
    ],
  });
}
