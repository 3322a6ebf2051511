/**
 * How each network reaches its users (mobile, fixed, …): first the curated table shipped as
 * access-types.csv (sources per row, see docs/design/0002-attribution.md), then a rule on the
 * AS name, else 'unknown'. A malformed curated table is a NightlightError('bad_config') naming
 * file and line: it ships with the code, so a bad row is our bug, not data to skip.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isAccessType, type AccessType } from '../model/access.js';
import { NightlightError } from '../model/failure.js';
import { splitCsvLine } from './csv-fields.js';
import { describeFileError } from './file-error.js';

export type AccessTypeSource = 'curated' | 'name-rule';

export interface AccessTypeEntry {
  readonly asn: number;
  readonly accessType: AccessType;
  readonly name: string;
  /** Why: `kz-reference: …`, `caida-as2types-20210401: Content`, `well-known: …`. */
  readonly source: string;
}

export interface AccessTypeAnswer {
  readonly accessType: AccessType;
  readonly source: AccessTypeSource | null;
}

export interface AccessTypeTable {
  readonly entries: ReadonlyMap<number, AccessTypeEntry>;
  classify(asn: number, name: string | null): AccessTypeAnswer;
}

export const DEFAULT_ACCESS_TYPES_PATH = fileURLToPath(
  new URL('./access-types.csv', import.meta.url),
);

// "wireless" is left out on purpose: most ASes named so are fixed-wireless ISPs, not cellular.
const MOBILE_WORDS = /\b(?:mobile|cellular|cellco|gsm|lte)\b/i;
const CONTENT_WORDS =
  /\b(?:hosting|hoster|host|cloud|data ?cent(?:er|re)s?|cdn|servers?|vps|colocation)\b/i;

/** The name rule alone: 'mobile' or 'content' when exactly one family of words matches. */
export function accessTypeFromName(name: string): AccessType | null {
  const mobile = MOBILE_WORDS.test(name);
  const content = CONTENT_WORDS.test(name);
  if (mobile === content) return null;
  return mobile ? 'mobile' : 'content';
}

const UNKNOWN: AccessTypeAnswer = { accessType: 'unknown', source: null };
const answers = new Map<string, AccessTypeAnswer>();
/** Shared frozen answers, so classifying allocates nothing. */
function answer(accessType: AccessType, source: AccessTypeSource): AccessTypeAnswer {
  const key = `${accessType}/${source}`;
  let found = answers.get(key);
  if (found === undefined) answers.set(key, (found = Object.freeze({ accessType, source })));
  return found;
}

export function createAccessTypeTable(entries: Iterable<AccessTypeEntry>): AccessTypeTable {
  const byAsn = new Map<number, AccessTypeEntry>();
  for (const entry of entries) byAsn.set(entry.asn, entry);
  return {
    entries: byAsn,
    classify(asn, name) {
      const entry = byAsn.get(asn);
      if (entry !== undefined) return answer(entry.accessType, 'curated');
      const guessed = name === null ? null : accessTypeFromName(name);
      return guessed === null ? UNKNOWN : answer(guessed, 'name-rule');
    },
  };
}

/** Parses `asn,access_type,name,source` with a header line. */
export function parseAccessTypes(text: string, path: string): AccessTypeTable {
  const entries: AccessTypeEntry[] = [];
  const lines = text.split(/\r?\n/);
  const fail = (line: number, reason: string): never => {
    throw new NightlightError('bad_config', `Cannot parse access types ${path}:${line}: ${reason}`);
  };
  if (lines[0]?.trim() !== 'asn,access_type,name,source')
    fail(1, 'expected the header asn,access_type,name,source');
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const fields = splitCsvLine(line);
    if (fields?.length !== 4) return fail(i + 1, 'expected 4 fields: asn,access_type,name,source');
    const [asnText, accessType, name, source] = fields as [string, string, string, string];
    if (!/^\d{1,10}$/.test(asnText) || Number(asnText) > 0xffffffff)
      fail(i + 1, `ASN is not a number: ${JSON.stringify(asnText)}`);
    if (!isAccessType(accessType))
      return fail(i + 1, `unknown access type ${JSON.stringify(accessType)}`);
    if (source.trim() === '') fail(i + 1, 'every row needs a source');
    if (entries.some((entry) => entry.asn === Number(asnText)))
      fail(i + 1, `AS${asnText} is listed twice`);
    entries.push({ asn: Number(asnText), accessType, name, source });
  });
  return createAccessTypeTable(entries);
}

export async function loadAccessTypes(
  path: string = DEFAULT_ACCESS_TYPES_PATH,
): Promise<AccessTypeTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw describeFileError('Cannot read access types', path, error);
  }
  return parseAccessTypes(text, path);
}
