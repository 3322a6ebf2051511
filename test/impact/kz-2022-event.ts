/**
 * Kazakhstan, January 2022, as an OutageEvent: the networks of ../shared/reference/kz-asns.csv
 * (IPv4 addresses geolocated in KZ, access types from src/geo/access-types.csv and the name
 * rule) and a reconstruction of the blackout from ../shared/reference/kz2022-reported-timeline.csv
 * and ANCHORS.md. Approximate by nature: times are the reported ones, rounded; the daily
 * midday restorations in cities on 8–9 January are left out (no times were reported).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAccessTypes } from '../../src/geo/access-types.js';
import type { NetworkSize, NetworkSizes } from '../../src/impact/affected-share.js';
import type { AffectedEntity, Interval, OutageEvent } from '../../src/model/event.js';
import { parseTime } from '../../src/model/time.js';

// asn,as_name,ranges,addresses,caida_type,state_owned,access_hint (the hint may hold commas).
const ROW = /^(\d+),(.*),\d+,(\d+),[^,]*,[^,]*,(?:"[^"]*"|[^,]*)$/;
const path = resolve(import.meta.dirname, '../../../shared/reference/kz-asns.csv');

export async function kzNetworks(): Promise<NetworkSize[]> {
  if (!existsSync(path))
    throw new Error(
      `Cannot find the KZ reference: ${path} does not exist (shared/ beside the clone)`,
    );
  const access = await loadAccessTypes();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  return lines
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      // The names escape quotes as \" (not RFC 4180): split on the numeric columns instead.
      const match = ROW.exec(line);
      if (match === null) throw new Error(`Cannot parse ${path} line ${i + 2}: ${line}`);
      const [, asn, quoted, addresses] = match as unknown as [string, string, string, string];
      const name = quoted.replace(/^"|"$/g, '').replaceAll('\\"', '"');
      return {
        asn: Number(asn),
        ipv4Addresses: Number(addresses),
        accessType: access.classify(Number(asn), name).accessType,
      };
    });
}

export function networkSizes(networks: readonly NetworkSize[]): NetworkSizes {
  return { countryNetworks: (country) => (country === 'KZ' ? networks : []) };
}

const t = parseTime;
const cut = (from: string, to: string): Interval => ({ start: t(from), end: t(to) });
const START = '2022-01-05T10:30:00Z';
// The ≈3 h restoration around noon UTC on 6 January (the president's address).
const BEFORE_ADDRESS = '2022-01-06T12:00:00Z';
const AFTER_ADDRESS = '2022-01-06T15:00:00Z';
const FIXED_BACK = '2022-01-10T02:00:00Z';
// Mobile stayed down in the capital on 10 January; stable everywhere from 02:15 on 11 January.
const MOBILE_BACK = '2022-01-11T02:15:00Z';
// Data-centre networks came back from about midnight on 7 January.
const CONTENT_BACK = '2022-01-07T00:00:00Z';

export function kz2022Event(networks: readonly NetworkSize[]): OutageEvent {
  const affected: AffectedEntity[] = networks.map((n) => {
    const back =
      n.accessType === 'mobile' || n.accessType === 'mixed'
        ? MOBILE_BACK
        : n.accessType === 'content'
          ? CONTENT_BACK
          : FIXED_BACK;
    return {
      entity: `asn/${n.asn}`,
      intervals: [cut(START, BEFORE_ADDRESS), cut(AFTER_ADDRESS, back)],
      depth: 0.05,
    };
  });
  return {
    id: 'kz-2022-01',
    start: t(START),
    end: t(MOBILE_BACK),
    scope: 'nationwide',
    access: 'both',
    layers: ['reachability'],
    mechanisms: ['blackhole-routes-up'],
    location: 'country/KZ',
    affected,
    apps: [],
    // About 5% of normal connectivity remained (ANCHORS.md).
    depth: 0.05,
    severity: 'critical',
    confidence: 1,
    signals: [],
    updatedAt: t(MOBILE_BACK),
  };
}
