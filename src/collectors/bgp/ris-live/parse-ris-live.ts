/**
 * RIPE RIS Live JSON messages → MRT records, so RIS Live feeds the same routing state as
 * archives and sessions. Accepted shapes: the websocket envelope
 * `{"type":"ris_message","data":{…}}`, its bare `data` object (`"type":"UPDATE"` or
 * `"RIS_PEER_STATE"`), and the per-prefix element form `{"meta":…,"elems":[…]}` of the shared
 * sample. AS_SETs arrive as nested arrays in `path`. A message that does not fit is one
 * error string naming the field; nothing throws.
 */
import { z } from 'zod';
import { parseIp, type IpAddress } from '../../../geo/ip.js';
import { parsePrefix } from '../../../geo/prefix.js';
import {
  AS_SEQUENCE,
  AS_SET,
  FLAG,
  type AsPathSegment,
  type PathAttribute,
} from '../bgp-message/models.js';
import { BGP4MP_SUBTYPE, MRT_TYPE, type MrtRecord } from '../mrt/models.js';

const asn = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const path = z.array(
  z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]),
);
const origin = z.string().optional();

const risData = z.object({
  timestamp: z.number(),
  peer: z.string(),
  peer_asn: asn,
  type: z.string(),
  path: path.optional(),
  origin,
  announcements: z
    .array(z.object({ next_hop: z.string().optional(), prefixes: z.array(z.string()) }))
    .optional(),
  withdrawals: z.array(z.string()).optional(),
  state: z.string().optional(),
});

const elem = z.object({
  timestamp: z.number(),
  type: z.string(),
  peer_ip: z.string(),
  peer_asn: asn,
  prefix: z.string(),
  next_hop: z.string().nullable().optional(),
  as_path: path.nullable().optional(),
  origin: z.string().nullable().optional(),
});

const ORIGINS: Record<string, number> = { igp: 0, egp: 1, incomplete: 2 };

function segmentsOf(list: z.infer<typeof path>): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let run: number[] = [];
  for (const hop of list)
    if (Array.isArray(hop)) {
      if (run.length > 0) segments.push({ type: AS_SEQUENCE, asns: run });
      run = [];
      segments.push({ type: AS_SET, asns: hop });
    } else run.push(hop);
  if (run.length > 0) segments.push({ type: AS_SEQUENCE, asns: run });
  return segments;
}

const LOCAL: Record<4 | 6, IpAddress> = {
  4: { family: 4, value: 0 },
  6: { family: 6, w0: 0, w1: 0, w2: 0, w3: 0 },
};

interface Announcement {
  readonly time: number;
  readonly peer: string;
  readonly peerAs: number;
  readonly announce: readonly { nextHop: string | null; prefixes: readonly string[] }[];
  readonly withdraw: readonly string[];
  readonly segments: AsPathSegment[];
  readonly origin: string | null;
}

/** One UPDATE record per next hop and address family (MP_REACH for IPv6, RFC 4760). */
function recordsOf(a: Announcement): MrtRecord[] {
  const peerIpAddress = parseIp(a.peer);
  const header = {
    timestamp: Math.floor(a.time),
    microseconds: null,
    type: MRT_TYPE.BGP4MP,
    subtype: BGP4MP_SUBTYPE.BGP4MP_MESSAGE_AS4,
  };
  const body = {
    kind: 'BGP4MP_MESSAGE' as const,
    peerAs: a.peerAs,
    localAs: 0,
    interfaceIndex: 0,
    afi: peerIpAddress.family === 4 ? 1 : 2,
    peerIpAddress,
    localIpAddress: LOCAL[peerIpAddress.family],
  };
  const nlri = (list: readonly string[]) =>
    list.map((p) => ({ prefix: parsePrefix(p), pathId: null }));
  const v4 = (list: readonly string[]) => list.filter((p) => !p.includes(':'));
  const v6 = (list: readonly string[]) => list.filter((p) => p.includes(':'));
  const records: MrtRecord[] = [];
  const withdrawn6 = nlri(v6(a.withdraw));
  if (a.withdraw.length > 0)
    records.push({
      header,
      body: {
        ...body,
        message: {
          type: 'UPDATE',
          withdrawnRoutes: nlri(v4(a.withdraw)),
          pathAttributes:
            withdrawn6.length === 0
              ? []
              : [
                  {
                    type: 'MP_UNREACH_NLRI',
                    flags: FLAG.OPTIONAL,
                    afi: 2,
                    safi: 1,
                    withdrawn: withdrawn6,
                  },
                ],
          nlri: [],
          diagnostics: [],
        },
      },
    });
  for (const { nextHop, prefixes } of a.announce) {
    const common: PathAttribute[] = [
      {
        type: 'ORIGIN',
        flags: FLAG.TRANSITIVE,
        origin: ORIGINS[a.origin?.toLowerCase() ?? 'igp'] ?? 2,
      },
      { type: 'AS_PATH', flags: FLAG.TRANSITIVE, segments: a.segments },
    ];
    const hop = nextHop === null ? null : parseIp(nextHop);
    const [p4, p6] = [v4(prefixes), v6(prefixes)];
    if (p4.length > 0)
      records.push({
        header,
        body: {
          ...body,
          message: {
            type: 'UPDATE',
            withdrawnRoutes: [],
            pathAttributes:
              hop?.family === 4
                ? [...common, { type: 'NEXT_HOP', flags: FLAG.TRANSITIVE, nextHop: hop }]
                : common,
            nlri: nlri(p4),
            diagnostics: [],
          },
        },
      });
    if (p6.length > 0)
      records.push({
        header,
        body: {
          ...body,
          message: {
            type: 'UPDATE',
            withdrawnRoutes: [],
            pathAttributes: [
              ...common,
              {
                type: 'MP_REACH_NLRI',
                flags: FLAG.OPTIONAL,
                afi: 2,
                safi: 1,
                nextHops: hop?.family === 6 ? [hop] : [LOCAL[6]],
                abbreviated: false,
                nlri: nlri(p6),
              },
            ],
            nlri: [],
            diagnostics: [],
          },
        },
      });
  }
  return records;
}

function stateRecord(time: number, peer: string, peerAs: number, up: boolean): MrtRecord {
  const peerIpAddress = parseIp(peer);
  return {
    header: {
      timestamp: Math.floor(time),
      microseconds: null,
      type: MRT_TYPE.BGP4MP,
      subtype: BGP4MP_SUBTYPE.BGP4MP_STATE_CHANGE_AS4,
    },
    body: {
      kind: 'BGP4MP_STATE_CHANGE',
      peerAs,
      localAs: 0,
      interfaceIndex: 0,
      afi: peerIpAddress.family === 4 ? 1 : 2,
      peerIpAddress,
      localIpAddress: LOCAL[peerIpAddress.family],
      oldState: up ? 1 : 6,
      newState: up ? 6 : 1,
    },
  };
}

const issue = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');

/** The records one RIS Live message stands for, or why it cannot be read. */
export function parseRisLive(value: unknown): { records: MrtRecord[] } | { error: string } {
  try {
    const v = value as { type?: unknown; data?: unknown; elems?: unknown };
    if (v !== null && typeof v === 'object' && Array.isArray(v.elems)) {
      const records: MrtRecord[] = [];
      for (const [i, raw] of v.elems.entries()) {
        const e = elem.safeParse(raw);
        if (!e.success) return { error: `elems.${i}: ${issue(e.error)}` };
        const x = e.data;
        const withdraw = x.type.toUpperCase() === 'WITHDRAW';
        records.push(
          ...recordsOf({
            time: x.timestamp,
            peer: x.peer_ip,
            peerAs: x.peer_asn,
            announce: withdraw ? [] : [{ nextHop: x.next_hop ?? null, prefixes: [x.prefix] }],
            withdraw: withdraw ? [x.prefix] : [],
            segments: segmentsOf(x.as_path ?? []),
            origin: x.origin ?? null,
          }),
        );
      }
      return { records };
    }
    const data = v !== null && typeof v === 'object' && v.type === 'ris_message' ? v.data : value;
    const d = risData.safeParse(data);
    if (!d.success) return { error: issue(d.error) };
    const x = d.data;
    if (x.type === 'RIS_PEER_STATE')
      return { records: [stateRecord(x.timestamp, x.peer, x.peer_asn, x.state === 'connected')] };
    if (x.type !== 'UPDATE') return { records: [] };
    return {
      records: recordsOf({
        time: x.timestamp,
        peer: x.peer,
        peerAs: x.peer_asn,
        announce: (x.announcements ?? []).map((a) => ({
          nextHop: a.next_hop ?? null,
          prefixes: a.prefixes,
        })),
        withdraw: x.withdrawals ?? [],
        segments: segmentsOf(x.path ?? []),
        origin: x.origin ?? null,
      }),
    };
  } catch (error) {
    // parseIp / parsePrefix refuse bad text with a NightlightError: one bad message, not fatal.
    return { error: (error as Error).message };
  }
}
