/**
 * Reads RIS Live JSON from a byte stream: one message per line (what the websocket and
 * `curl` give), or pretty-printed documents (a message, or an array of them) spread over
 * lines. Yields the same per-record results as the MRT reader; a message that is not JSON
 * or not RIS Live is an error with its byte offset, and reading goes on. A document is
 * buffered up to `maxDocument` bytes.
 */
import type { MrtError, MrtResult } from '../mrt/models.js';
import { parseRisLive } from './parse-ris-live.js';

const MAX_DOCUMENT = 64 << 20;

function failure(offset: number, text: string, reason: string): MrtResult {
  const bytes = Buffer.from(text.slice(0, 4096));
  const error: MrtError = {
    offset,
    length: Buffer.byteLength(text),
    reason,
    message: `Cannot parse RIS Live message at offset ${offset}: ${reason}`,
    bytes,
  };
  return { ok: false, error };
}

function resultsOf(value: unknown, offset: number, text: string): MrtResult[] {
  const list = Array.isArray(value) ? value : [value];
  const out: MrtResult[] = [];
  for (const message of list) {
    const parsed = parseRisLive(message);
    if ('error' in parsed) out.push(failure(offset, text, parsed.error));
    else
      for (const record of parsed.records)
        out.push({ ok: true, record, offset, length: Buffer.byteLength(text) });
  }
  return out;
}

export async function* readRisLive(
  source: AsyncIterable<Uint8Array | string>,
  options: { maxDocument?: number } = {},
): AsyncGenerator<MrtResult[]> {
  const max = options.maxDocument ?? MAX_DOCUMENT;
  const decoder = new TextDecoder();
  let carry = '';
  let offset = 0; // byte offset of `carry`'s start in the input
  let document = ''; // lines of a multi-line document so far
  let documentOffset = 0;
  for await (const chunk of source) {
    carry += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const batch: MrtResult[] = [];
    let newline: number;
    while ((newline = carry.indexOf('\n')) >= 0) {
      const line = carry.slice(0, newline);
      carry = carry.slice(newline + 1);
      const lineOffset = offset;
      offset += Buffer.byteLength(line) + 1;
      if (document === '') {
        if (line.trim() === '') continue;
        try {
          batch.push(...resultsOf(JSON.parse(line), lineOffset, line));
          continue;
        } catch (error) {
          // Only `{` or `[` can open a document spread over lines; anything else is bad.
          if (!/^\s*[[{]/.test(line)) {
            batch.push(failure(lineOffset, line, (error as Error).message));
            continue;
          }
          documentOffset = lineOffset;
        }
      }
      document += line + '\n';
      // A pretty-printed document ends on an unindented line: only then try to parse it.
      if (!/^\s/.test(line)) {
        try {
          batch.push(...resultsOf(JSON.parse(document), documentOffset, document));
          document = '';
        } catch (error) {
          // An unindented closing bracket ends the document whether or not it parsed.
          if (/^[\]}]\s*$/.test(line)) {
            batch.push(failure(documentOffset, document, (error as Error).message));
            document = '';
          }
        }
      }
      if (document.length > max) {
        batch.push(failure(documentOffset, document, `no JSON document within ${max} bytes`));
        document = '';
      }
    }
    if (batch.length > 0) yield batch;
  }
  const rest = document + carry;
  if (rest.trim() === '') return;
  try {
    yield resultsOf(JSON.parse(rest), document === '' ? offset : documentOffset, rest);
  } catch (error) {
    yield [failure(document === '' ? offset : documentOffset, rest, (error as Error).message)];
  }
}
