/**
 * `bgpdump -m` lines (RIPE NCC bgpdump 1.6): one per prefix, `|`-separated, so that our output
 * and bgpdump's can be diffed line by line. Its conventions are reproduced, not judged: glibc
 * inet_ntop text for IPv6, 0 for a missing MED or LOCAL_PREF, and the quirks listed in
 * docs/design/0005-mrt-reader.md.
 */
import type { IpAddress } from '../../../geo/ip.js';
import { formatIpv4, formatIpv6 } from '../../../geo/ip.js';
import {
  AS_CONFED_SEQUENCE,
  AS_CONFED_SET,
  AS_SET,
  type AsPathSegment,
} from '../bgp-message/models.js';
import type { RouteAttributes } from '../bgp-message/route-attributes.js';
import { MRT_TYPE, type MrtRecord } from './models.js';
import { createRouteView, type MrtRoute } from './routes.js';

const ORIGIN = ['IGP', 'EGP', 'INCOMPLETE'];
export function formatAddress(ip: IpAddress): string {
  return ip.family === 4 ? formatIpv4(ip.value) : formatIpv6(ip.w0, ip.w1, ip.w2, ip.w3, 'ntop');
}

export function formatAsPath(segments: readonly AsPathSegment[]): string {
  let text = '';
  for (const { type, asns } of segments) {
    if (text !== '') text += ' ';
    if (type === AS_SET) text += `{${asns.join(',')}}`;
    else if (type === AS_CONFED_SET) text += `[${asns.join(',')}]`;
    else if (type === AS_CONFED_SEQUENCE) text += `(${asns.join(' ')})`;
    else text += asns.join(' ');
  }
  return text;
}

const WELL_KNOWN: Record<number, string> = {
  0xffffff01: 'no-export',
  0xffffff02: 'no-advertise',
  0xffffff03: 'local-AS',
};

export function formatCommunities(communities: readonly number[]): string {
  let text = '';
  for (const c of communities) {
    if (text !== '') text += ' ';
    text += WELL_KNOWN[c] ?? `${c >>> 16}:${c & 0xffff}`;
  }
  return text;
}

function attributeFields(route: MrtRoute, a: RouteAttributes): string {
  const nextHop = route.nextHop === null ? '255.255.255.255' : formatAddress(route.nextHop);
  const aggregator =
    a.aggregator === null ? '' : `${a.aggregator.asn} ${formatIpv4(a.aggregator.address.value)}`;
  return `${formatAsPath(a.asPath)}|${ORIGIN[a.origin ?? 2] ?? ''}|${nextHop}|${a.localPref ?? 0}|${a.med ?? 0}|${formatCommunities(a.communities)}|${a.atomicAggregate ? 'AG' : 'NAG'}|${aggregator}|`;
}

export interface BgpdumpFormatter {
  linesOf(record: MrtRecord): string[];
}

export function createBgpdumpFormatter(): BgpdumpFormatter {
  const view = createRouteView({ treatAsWithdraw: false });
  return {
    linesOf(record) {
      const { header, body } = record;
      const et = header.type === MRT_TYPE.BGP4MP_ET;
      const time = et
        ? `${header.timestamp}.${String(header.microseconds ?? 0).padStart(6, '0')}`
        : `${header.timestamp}`;
      if (body.kind === 'BGP4MP_STATE_CHANGE')
        return [
          `BGP4MP${et ? '_ET' : ''}|${time}|STATE|${formatAddress(body.peerIpAddress)}|${body.peerAs}|${body.oldState}|${body.newState}`,
        ];
      const lines: string[] = [];
      for (const route of view.routesOf(record)) {
        const ap = route.pathId !== null;
        const head =
          body.kind === 'TABLE_DUMP'
            ? 'TABLE_DUMP'
            : body.kind === 'RIB'
              ? ap
                ? 'TABLE_DUMP2_AP'
                : 'TABLE_DUMP2'
              : `BGP4MP${et ? '_ET' : ''}${ap ? '_AP' : ''}`;
        const kind = route.action === 'rib' ? 'B' : route.action === 'announce' ? 'A' : 'W';
        let line = `${head}|${time}|${kind}|${formatAddress(route.peerIpAddress)}|${route.peerAs}|${formatAddress(route.prefix.address)}/${route.prefix.length}`;
        if (ap) line += `|${route.pathId}`;
        if (route.attributes !== null) line += `|${attributeFields(route, route.attributes)}`;
        lines.push(line);
      }
      return lines;
    },
  };
}
