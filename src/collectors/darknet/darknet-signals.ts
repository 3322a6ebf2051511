/**
 * The signals of a darknet (network telescope): per bin and entity, distinct plausible
 * sources and their packets (IODA's telescope signal after anti-spoofing filters), the sources
 * filtered out as likely spoofed, and backscatter counted on its own. Counts are Poisson;
 * a bin with no point is unknown (the telescope may have been down).
 */
import type { Attributes, Attributor } from '../../geo/attributor.js';
import type { EntityId } from '../../model/entity.js';
import type { PointColumns, SignalSpec } from '../../model/signal.js';
import type { ClosedBin } from '../traffic/bin-window.js';
import { createEntitySums } from '../traffic/entity-sums.js';
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
    // Zero where the capture covered the bin (other sources reached it) but not this entity.
    missing: 'zero',
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
    // Context, not evidence: a few heavy scanners send most packets, so a network's packet
    // count swings by multiples with no outage. Distinct sources carry the telescope's vote.
    'none',
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

/** Builds each closed bin's block of columns; one per run (entity rows persist across bins). */
export function createDarknetColumns(options: {
  attributor: Attributor;
  source: string;
  totals: DarknetTotals;
}): (closed: ClosedBin, known: Set<EntityId>) => PointColumns {
  const { attributor, totals } = options;
  const sums = createEntitySums(5);
  const signals = DARKNET_SIGNALS.map((s) => s.name);
  const none = new Int32Array(0);

  function add(a: Attributes | null, bogon: boolean, counts: Uint32Array, at: number) {
    const backscatter = counts[at + 1]!;
    const other = counts[at]! - backscatter;
    const reason = other === 0 ? null : spoofReason(bogon, a?.asn ?? null, other);
    if (backscatter > 0) {
      totals.backscatterSources++;
      totals.backscatterPackets += backscatter;
    }
    if (other > 0 && reason !== null) totals.spoofed[reason]++;
    if (other > 0 && reason === null) {
      totals.sources++;
      totals.packets += other;
    }
    const rows = a === null ? none : sums.rowsOf(a);
    const s = sums.sums;
    for (let k = 0; k < rows.length; k++) {
      const base = sums.open(rows[k]!);
      if (backscatter > 0) {
        s[base + BS_SOURCES]!++;
        s[base + BS_PACKETS]! += backscatter;
      }
      if (other === 0) continue;
      if (reason !== null) s[base + SPOOFED]!++;
      else {
        s[base + SOURCES]!++;
        s[base + PACKETS]! += other;
      }
    }
  }

  return (closed, known) => {
    closed.tally.forEachIpv4((ip, counts, at) => {
      const bogon = isBogonIpv4(ip);
      add(bogon ? null : attributor.lookupIpv4(ip), bogon, counts, at);
    });
    closed.tally.forEachIpv6((w, counts, at) => {
      const bogon = isBogonIpv6(w[0]!);
      const a = bogon
        ? null
        : attributor.lookupAddress({ family: 6, w0: w[0]!, w1: w[1]!, w2: w[2]!, w3: w[3]! });
      add(a, bogon, counts, at);
    });
    return sums.columns({
      bin: closed.bin,
      coverage: closed.coverage,
      source: options.source,
      known,
      signals,
      active: (s, base) => s[base + SOURCES]! >= ACTIVE_SOURCES,
      write(s, base, out, i) {
        for (let k = 0; k < 5; k++) out[k]![i] = s[base + k]!;
      },
    });
  };
}
