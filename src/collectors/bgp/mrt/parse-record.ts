/**
 * One framed MRT record (RFC 6396 §2): the common header, the microsecond field of the _ET
 * types (§3), then the body by type. Never throws: a body that does not parse becomes an
 * MrtResult error carrying the record's offset, length and bytes.
 */
import { DecodeError, copyOf } from '../bgp-message/decode-error.js';
import { u16, u32 } from './bytes.js';
import { EXTENDED_TIMESTAMP_TYPES, MRT_TYPE, type MrtBody, type MrtResult } from './models.js';
import { parseBgp4mp } from './parse-bgp4mp.js';
import { parseTableDump } from './parse-table-dump.js';
import { parseTableDumpV2 } from './parse-table-dump-v2.js';

export const MRT_HEADER_LENGTH = 12;

export function mrtError(
  bytes: Uint8Array,
  offset: number,
  reason: string,
  length = bytes.length,
): MrtResult {
  return {
    ok: false,
    error: {
      offset,
      length,
      reason,
      message: `Cannot parse MRT record at offset ${offset}: ${reason}`,
      bytes,
    },
  };
}

function parseBody(b: Uint8Array, at: number, end: number, type: number, subtype: number): MrtBody {
  switch (type) {
    case MRT_TYPE.TABLE_DUMP:
      return parseTableDump(b, at, end, subtype);
    case MRT_TYPE.TABLE_DUMP_V2:
      return parseTableDumpV2(b, at, end, subtype);
    case MRT_TYPE.BGP4MP:
    case MRT_TYPE.BGP4MP_ET:
      return parseBgp4mp(b, at, end, subtype);
    default:
      return { kind: 'UNKNOWN', data: copyOf(b, at, end) };
  }
}

/** The record of `length` bytes (header included) at `at` in `b`; `offset` is its input offset. */
export function parseMrtRecord(
  b: Uint8Array,
  at: number,
  length: number,
  offset: number,
): MrtResult {
  const end = at + length;
  const timestamp = u32(b, at);
  const type = u16(b, at + 4);
  const subtype = u16(b, at + 6);
  let body = at + MRT_HEADER_LENGTH;
  let microseconds: number | null = null;
  try {
    if (EXTENDED_TIMESTAMP_TYPES.has(type)) {
      if (end - body < 4)
        throw new DecodeError(`microsecond timestamp needs 4 bytes, ${end - body} remain`);
      microseconds = u32(b, body);
      body += 4;
    }
    const record = {
      header: { timestamp, microseconds, type, subtype },
      body: parseBody(b, body, end, type, subtype),
    };
    return { ok: true, record, offset, length };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return mrtError(
      copyOf(b, at, end),
      offset,
      `type ${type} subtype ${subtype}: ${error.message}`,
    );
  }
}
