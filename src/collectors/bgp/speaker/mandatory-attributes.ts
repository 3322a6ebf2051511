/**
 * RFC 7606 §3 (d): an UPDATE that carries NLRI but lacks a well-known mandatory attribute
 * (ORIGIN, AS_PATH, and NEXT_HOP for IPv4 NLRI outside MP_REACH_NLRI) is treated as a
 * withdrawal instead of resetting the session as RFC 4271 §6.3 did.
 */
import type { Update } from '../bgp-message/models.js';

export function withMandatoryCheck(update: Update): Update {
  const types = new Set(update.pathAttributes.map((a) => a.type));
  const reaches = update.nlri.length > 0 || types.has('MP_REACH_NLRI');
  if (!reaches) return update;
  const missing = ['ORIGIN', 'AS_PATH'].filter((t) => !types.has(t as 'ORIGIN'));
  if (update.nlri.length > 0 && !types.has('NEXT_HOP')) missing.push('NEXT_HOP');
  if (missing.length === 0) return update;
  return {
    ...update,
    diagnostics: [
      ...update.diagnostics,
      {
        code: 0,
        action: 'treat-as-withdraw',
        reason: `missing well-known attribute ${missing.join(', ')}`,
      },
    ],
  };
}
