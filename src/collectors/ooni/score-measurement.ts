/**
 * Turns one OoniMeasurement into its verdicts and the probe's access type (mobile or fixed).
 * Tests without a scorer get no verdicts and are counted by name, kept aside, not lost. Pure:
 * fingerprints and the ASN access-type lookup come in as parameters.
 */
import type { AccessType } from '../../model/access.js';
import type { EpochSeconds } from '../../model/time.js';
import type { Fingerprints } from './fingerprints.js';
import type { OoniMeasurement, RecordPlace } from './measurement.js';
import { scoreFacebookMessenger, scoreSignal, scoreTelegram, scoreWhatsapp } from './score-apps.js';
import { scoreDnscheck, scoreStunreachability, scoreTor } from './score-circumvention.js';
import { scoreWebConnectivity } from './score-web-connectivity.js';
import type { TargetVerdict } from './verdict.js';

export type ProbeAccess = 'mobile' | 'fixed' | 'unknown';

export interface ScoredMeasurement {
  readonly place: RecordPlace;
  readonly testName: string;
  readonly testVersion: string | null;
  readonly startTime: EpochSeconds;
  readonly probeCc: string;
  readonly probeAsn: number;
  readonly access: ProbeAccess;
  /** Empty for a test Nightlight does not score. */
  readonly verdicts: readonly TargetVerdict[];
}

type Scorer = (m: OoniMeasurement, fingerprints: Fingerprints) => TargetVerdict;

const SCORERS: Readonly<Record<string, Scorer>> = {
  web_connectivity: scoreWebConnectivity,
  whatsapp: scoreWhatsapp,
  telegram: scoreTelegram,
  signal: scoreSignal,
  facebook_messenger: scoreFacebookMessenger,
  tor: scoreTor,
  dnscheck: scoreDnscheck,
  stunreachability: scoreStunreachability,
};

export function isScoredTest(testName: string): boolean {
  return Object.hasOwn(SCORERS, testName);
}

/**
 * The probe's own annotation wins when it says mobile (the phone was on cellular data); Wi-Fi
 * on a network whose ASN is mobile is a hotspot on that mobile network; otherwise the ASN's
 * access type decides, and `mixed` or unknown networks stay unknown.
 */
export function probeAccess(networkType: string | null, asnAccess: AccessType): ProbeAccess {
  if (networkType === 'mobile') return 'mobile';
  if (asnAccess === 'mobile') return 'mobile';
  if (asnAccess === 'fixed' || asnAccess === 'content') return 'fixed';
  if (networkType === 'wifi' || networkType === 'wired_ethernet')
    return asnAccess === 'mixed' ? 'unknown' : 'fixed';
  return 'unknown';
}

export function scoreMeasurement(
  m: OoniMeasurement,
  fingerprints: Fingerprints,
  accessOf: (asn: number, name: string | null) => AccessType,
): ScoredMeasurement {
  const scorer = SCORERS[m.testName];
  return {
    place: m.place,
    testName: m.testName,
    testVersion: m.testVersion,
    startTime: m.startTime,
    probeCc: m.probeCc,
    probeAsn: m.probeAsn,
    access: probeAccess(m.networkType, accessOf(m.probeAsn, m.networkName)),
    verdicts: scorer === undefined ? [] : [scorer(m, fingerprints)],
  };
}
