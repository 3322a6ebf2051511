/**
 * The verdict vocabulary: what Nightlight concludes about one target in one measurement,
 * re-scored from raw test keys. Shared by every scorer, the golden files and the signals.
 */

/**
 * ok: the target was reached as the control reached it. blocked: the probe's network
 * interfered (the layer says where). down: the target failed for the control too, so the
 * site or service is broken, not censored. unknown: not enough evidence either way (control
 * failed, test keys missing, a known false positive) — never counted as ok or blocked.
 */
export type Verdict = 'ok' | 'blocked' | 'down' | 'unknown';

export type BlockingLayer = 'dns' | 'tcp' | 'tls' | 'http';

/** Signal groups: one per app test, plus `web` for every web_connectivity URL. */
export const OONI_TARGETS = [
  'web',
  'whatsapp',
  'telegram',
  'signal',
  'facebook_messenger',
  'tor',
  'dnscheck',
  'stunreachability',
] as const;
export type OoniTarget = (typeof OONI_TARGETS)[number];

export interface TargetVerdict {
  readonly target: OoniTarget;
  /** What exactly was measured: the URL's host for web, the endpoint for dnscheck/stun. */
  readonly detail: string | null;
  readonly verdict: Verdict;
  /** Where the interference happened; null unless blocked. */
  readonly layer: BlockingLayer | null;
  /** OONI's failure string verbatim (`connection_reset`), or a short reason of ours. */
  readonly reason: string;
  /** A DNS or HTTP block-page fingerprint matched: interference beyond reasonable doubt. */
  readonly fingerprint: string | null;
}

export function verdict(
  target: OoniTarget,
  detail: string | null,
  value: Verdict,
  reason: string,
  layer: BlockingLayer | null = null,
  fingerprint: string | null = null,
): TargetVerdict {
  return {
    target,
    detail,
    verdict: value,
    layer: value === 'blocked' ? layer : null,
    reason,
    fingerprint,
  };
}

/** OONI failures that happen while resolving a name. */
export function isDnsFailure(failure: string): boolean {
  return failure.startsWith('dns_') || failure === 'android_dns_cache_no_data';
}

/** The layer a failure string points at, when the operation that failed is not recorded. */
export function layerOfFailure(failure: string, https: boolean): BlockingLayer {
  if (isDnsFailure(failure)) return 'dns';
  if (
    failure === 'connection_refused' ||
    failure === 'host_unreachable' ||
    failure === 'network_unreachable'
  )
    return 'tcp';
  if (failure.startsWith('ssl_')) return 'tls';
  return https ? 'tls' : 'http';
}
