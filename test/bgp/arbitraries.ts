/**
 * fast-check generators for BGP messages, path attributes and MRT records that encode to
 * valid bytes: prefixes without host bits, AS numbers that fit the context, values short
 * enough for their length fields, and no attribute type twice.
 */
import fc from 'fast-check';
import type { IpAddress, Ipv4Address } from '../../src/geo/ip.js';
import type { Prefix } from '../../src/geo/prefix.js';
import type {
  BgpContext,
  BgpMessage,
  Nlri,
  PathAttribute,
  Update,
} from '../../src/collectors/bgp/bgp-message/models.js';
import type { MrtRecord } from '../../src/collectors/bgp/mrt/models.js';

/** Plain objects, as the decoders build them (fast-check's default has a null prototype). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 255 });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

export const ipv4: fc.Arbitrary<Ipv4Address> = u32.map((value) => ({ family: 4, value }));
export const ipv6: fc.Arbitrary<IpAddress> = fc
  .tuple(u32, u32, u32, u32)
  .map(([w0, w1, w2, w3]) => ({ family: 6, w0, w1, w2, w3 }));
const ipOf = (afi: number) => (afi === 1 ? ipv4 : ipv6);

const mask = (w: number, bits: number) =>
  bits >= 32 ? w : bits <= 0 ? 0 : (w & (0xffffffff << (32 - bits))) >>> 0;

export function prefixOf(afi: number): fc.Arbitrary<Prefix> {
  const max = afi === 1 ? 32 : 128;
  return fc.tuple(fc.integer({ min: 0, max }), ipOf(afi)).map(([length, a]) => ({
    length,
    address:
      a.family === 4
        ? { family: 4, value: mask(a.value, length) }
        : {
            family: 6,
            w0: mask(a.w0, length),
            w1: mask(a.w1, length - 32),
            w2: mask(a.w2, length - 64),
            w3: mask(a.w3, length - 96),
          },
  }));
}

const nlriOf = (afi: number, addPath: boolean): fc.Arbitrary<Nlri[]> =>
  fc.array(rec({ prefix: prefixOf(afi), pathId: addPath ? u32 : fc.constant(null) }), {
    maxLength: 8,
  });

/** Flags without EXTENDED_LENGTH, or with it: both must round-trip. */
const flags = fc.integer({ min: 0, max: 255 });
const asn = (ctx: BgpContext) => (ctx.as4 ? u32 : u16);
const segments = (as: fc.Arbitrary<number>) =>
  fc.array(rec({ type: fc.integer({ min: 1, max: 4 }), asns: fc.array(as, { maxLength: 10 }) }), {
    maxLength: 5,
  });
const UNKNOWN_CODES = [0, 11, 12, 13, 16, 19, 20, 22, 25, 29, 128, 255];

export function attributeOf(
  ctx: BgpContext,
  rib?: { afi: number; safi: number },
): fc.Arbitrary<PathAttribute> {
  const mpAfi = fc.constantFrom(1, 2);
  return fc.oneof(
    rec({ type: fc.constant('ORIGIN' as const), flags, origin: fc.integer({ min: 0, max: 2 }) }),
    rec({ type: fc.constant('AS_PATH' as const), flags, segments: segments(asn(ctx)) }),
    rec({ type: fc.constant('AS4_PATH' as const), flags, segments: segments(u32) }),
    rec({ type: fc.constant('NEXT_HOP' as const), flags, nextHop: ipv4 }),
    rec({ type: fc.constant('MULTI_EXIT_DISC' as const), flags, med: u32 }),
    rec({ type: fc.constant('LOCAL_PREF' as const), flags, localPref: u32 }),
    rec({ type: fc.constant('ATOMIC_AGGREGATE' as const), flags }),
    rec({ type: fc.constant('AGGREGATOR' as const), flags, asn: asn(ctx), address: ipv4 }),
    rec({ type: fc.constant('AS4_AGGREGATOR' as const), flags, asn: u32, address: ipv4 }),
    rec({
      type: fc.constant('COMMUNITIES' as const),
      flags,
      communities: fc.array(u32, { maxLength: 20 }),
    }),
    rec({ type: fc.constant('ORIGINATOR_ID' as const), flags, originatorId: ipv4 }),
    rec({
      type: fc.constant('CLUSTER_LIST' as const),
      flags,
      clusterList: fc.array(u32, { maxLength: 10 }),
    }),
    rec({
      type: fc.constant('LARGE_COMMUNITY' as const),
      flags,
      largeCommunities: fc.array(fc.tuple(u32, u32, u32), { maxLength: 10 }),
    }),
    rib !== undefined
      ? fc
          .tuple(
            flags,
            rib.afi === 1
              ? fc.array(ipv4, { minLength: 1, maxLength: 1 })
              : fc.array(ipv6, { minLength: 1, maxLength: 2 }),
          )
          .map(([f, nextHops]): PathAttribute => ({
            type: 'MP_REACH_NLRI',
            flags: f,
            afi: rib.afi,
            safi: rib.safi,
            nextHops,
            abbreviated: true,
            nlri: [],
          }))
      : fc.tuple(mpAfi, fc.constantFrom(1, 2), flags).chain(([afi, safi, f]) =>
          rec({
            type: fc.constant('MP_REACH_NLRI' as const),
            flags: fc.constant(f),
            afi: fc.constant(afi),
            safi: fc.constant(safi),
            nextHops:
              afi === 1
                ? fc.array(ipv4, { minLength: 1, maxLength: 1 })
                : fc.array(ipv6, { minLength: 1, maxLength: 2 }),
            abbreviated: fc.constant(false),
            nlri: nlriOf(afi, ctx.addPath),
          }),
        ),
    fc.tuple(mpAfi, fc.constantFrom(1, 2), flags).chain(([afi, safi, f]) =>
      rec({
        type: fc.constant('MP_UNREACH_NLRI' as const),
        flags: fc.constant(f),
        afi: fc.constant(afi),
        safi: fc.constant(safi),
        withdrawn: nlriOf(afi, ctx.addPath),
      }),
    ),
    rec({
      type: fc.constant('UNKNOWN' as const),
      flags,
      code: fc.constantFrom(...UNKNOWN_CODES),
      value: bytes(40),
    }),
  );
}

const codeOf = (a: PathAttribute) =>
  a.type === 'UNKNOWN' || a.type === 'MALFORMED' ? `${a.type}${a.code}` : a.type;

export function attributesOf(
  ctx: BgpContext,
  rib?: { afi: number; safi: number },
): fc.Arbitrary<PathAttribute[]> {
  return fc.uniqueArray(attributeOf(ctx, rib), { maxLength: 10, selector: codeOf });
}

export function updateOf(ctx: BgpContext): fc.Arbitrary<Update> {
  return rec({
    type: fc.constant('UPDATE' as const),
    withdrawnRoutes: nlriOf(1, ctx.addPath),
    pathAttributes: attributesOf(ctx),
    nlri: nlriOf(1, ctx.addPath),
    diagnostics: fc.constant([]),
  });
}

const capabilities = fc.array(rec({ code: u8, value: bytes(20) }), { maxLength: 5 });

export function messageOf(ctx: BgpContext): fc.Arbitrary<BgpMessage> {
  return fc.oneof(
    updateOf(ctx),
    fc
      .tuple(u8, u16, u16, ipv4, capabilities)
      .map(([version, myAutonomousSystem, holdTime, bgpIdentifier, caps]): BgpMessage => {
        const parameters: number[] = [];
        for (const c of caps)
          parameters.push(2, c.value.length + 2, c.code, c.value.length, ...c.value);
        return {
          type: 'OPEN',
          version,
          myAutonomousSystem,
          holdTime,
          bgpIdentifier,
          capabilities: caps,
          optionalParameters: Uint8Array.from(parameters),
        };
      }),
    rec({
      type: fc.constant('NOTIFICATION' as const),
      errorCode: u8,
      errorSubcode: u8,
      data: bytes(30),
    }),
    fc.constant({ type: 'KEEPALIVE' as const }),
    rec({ type: fc.constant('ROUTE_REFRESH' as const), afi: u16, subtype: u8, safi: u8 }),
  );
}

const AS4_SUBTYPES = new Set([4, 5, 7, 9, 11]);
const ADD_PATH_SUBTYPES = new Set([8, 9, 10, 11]);

const bgp4mp: fc.Arbitrary<MrtRecord> = fc
  .tuple(
    fc.constantFrom(16, 17),
    fc.constantFrom(0, 1, 4, 5, 6, 7, 8, 9, 10, 11),
    fc.constantFrom(1, 2),
  )
  .chain(([type, subtype, afi]) => {
    const ctx = { as4: AS4_SUBTYPES.has(subtype), addPath: ADD_PATH_SUBTYPES.has(subtype) };
    const common = {
      peerAs: asn(ctx),
      localAs: asn(ctx),
      interfaceIndex: u16,
      afi: fc.constant(afi),
      peerIpAddress: ipOf(afi),
      localIpAddress: ipOf(afi),
    };
    const body =
      subtype === 0 || subtype === 5
        ? rec({
            kind: fc.constant('BGP4MP_STATE_CHANGE' as const),
            ...common,
            oldState: u16,
            newState: u16,
          })
        : rec({ kind: fc.constant('BGP4MP_MESSAGE' as const), ...common, message: messageOf(ctx) });
    return rec({
      header: rec({
        timestamp: u32,
        microseconds: type === 17 ? u32 : fc.constant(null),
        type: fc.constant(type),
        subtype: fc.constant(subtype),
      }),
      body,
    });
  });

const tableDump: fc.Arbitrary<MrtRecord> = fc.constantFrom(1, 2).chain((afi) =>
  rec({
    header: rec({
      timestamp: u32,
      microseconds: fc.constant(null),
      type: fc.constant(12),
      subtype: fc.constant(afi),
    }),
    body: rec({
      kind: fc.constant('TABLE_DUMP' as const),
      viewNumber: u16,
      sequenceNumber: u16,
      prefix: prefixOf(afi),
      status: u8,
      originatedTime: u32,
      peerIpAddress: ipOf(afi),
      peerAs: u16,
      pathAttributes: attributesOf({ as4: false, addPath: false }).map((list) =>
        list.filter((a) => a.type !== 'MP_REACH_NLRI' && a.type !== 'MP_UNREACH_NLRI'),
      ),
      diagnostics: fc.constant([]),
    }),
  }),
);

const peerIndexTable: fc.Arbitrary<MrtRecord> = rec({
  header: rec({
    timestamp: u32,
    microseconds: fc.constant(null),
    type: fc.constant(13),
    subtype: fc.constant(1),
  }),
  body: rec({
    kind: fc.constant('PEER_INDEX_TABLE' as const),
    collectorBgpId: ipv4,
    viewName: fc.string({ maxLength: 20 }),
    peers: fc.array(
      fc.integer({ min: 0, max: 3 }).chain((peerType) =>
        rec({
          peerType: fc.constant(peerType),
          peerBgpId: ipv4,
          peerIpAddress: ipOf(peerType & 1 ? 2 : 1),
          peerAs: peerType & 2 ? u32 : u16,
        }),
      ),
      { maxLength: 6 },
    ),
  }),
});

const RIB_SUBTYPES: Record<number, [number, number, boolean, boolean]> = {
  2: [1, 1, false, false],
  3: [1, 2, false, false],
  4: [2, 1, false, false],
  5: [2, 2, false, false],
  8: [1, 1, false, true],
  9: [1, 2, false, true],
  10: [2, 1, false, true],
  11: [2, 2, false, true],
};

const rib: fc.Arbitrary<MrtRecord> = fc
  .oneof(
    fc
      .constantFrom(2, 3, 4, 5, 8, 9, 10, 11)
      .map((subtype) => [subtype, ...RIB_SUBTYPES[subtype]!] as const),
    fc
      .tuple(fc.constantFrom(6, 12), fc.constantFrom(1, 2), fc.constantFrom(1, 2))
      .map(([subtype, afi, safi]) => [subtype, afi, safi, true, subtype === 12] as const),
  )
  .chain(([subtype, afi, safi, generic, addPath]) =>
    rec({
      header: rec({
        timestamp: u32,
        microseconds: fc.constant(null),
        type: fc.constant(13),
        subtype: fc.constant(subtype),
      }),
      body: rec({
        kind: fc.constant('RIB' as const),
        sequenceNumber: u32,
        afi: fc.constant(afi),
        safi: fc.constant(safi),
        generic: fc.constant(generic),
        addPath: fc.constant(addPath),
        prefix: prefixOf(afi),
        entries: fc.array(
          rec({
            peerIndex: u16,
            originatedTime: u32,
            pathId: addPath ? u32 : fc.constant(null),
            pathAttributes: attributesOf({ as4: true, addPath }, { afi, safi }).map((list) =>
              list.filter((a) => a.type !== 'MP_UNREACH_NLRI'),
            ),
            diagnostics: fc.constant([]),
          }),
          { maxLength: 4 },
        ),
      }),
    }),
  );

const unknown: fc.Arbitrary<MrtRecord> = rec({
  header: rec({
    timestamp: u32,
    microseconds: fc.constant(null),
    type: fc.constantFrom(11, 32, 48),
    subtype: u16,
  }),
  body: rec({ kind: fc.constant('UNKNOWN' as const), data: bytes(50) }),
});

export const mrtRecord: fc.Arbitrary<MrtRecord> = fc.oneof(
  bgp4mp,
  tableDump,
  peerIndexTable,
  rib,
  unknown,
);
