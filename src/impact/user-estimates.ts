/**
 * Configured user counts per network, from CSV text `asn,users,source` (a header line, then
 * one network a line; the source says where the count comes from, e.g. an operator's annual
 * report). Pure: the caller reads the file. Bad lines are reported with their line number and
 * reason and skipped; the rest is kept.
 */
import type { UserEstimate, UserEstimates } from './affected-share.js';

export interface UserEstimateIssue {
  readonly line: number;
  readonly reason: string;
}

export function parseUserEstimates(text: string): {
  readonly estimates: UserEstimates & { readonly size: number };
  readonly issues: readonly UserEstimateIssue[];
} {
  const byAsn = new Map<number, UserEstimate>();
  const issues: UserEstimateIssue[] = [];
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'asn,users,source')
    issues.push({ line: 1, reason: 'expected the header asn,users,source' });
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const match = /^(?:AS)?(\d{1,10}),(\d+(?:\.\d+)?(?:e\d+)?),(.+)$/i.exec(line.trim());
    if (match === null)
      return void issues.push({ line: i + 1, reason: 'expected asn,users,source' });
    const [, asn, users, source] = match as unknown as [string, string, string, string];
    if (byAsn.has(Number(asn)))
      return void issues.push({ line: i + 1, reason: `AS${asn} is listed twice` });
    byAsn.set(Number(asn), { users: Number(users), source: source.replace(/^"|"$/g, '') });
  });
  return { estimates: { size: byAsn.size, usersOf: (asn) => byAsn.get(asn) }, issues };
}
