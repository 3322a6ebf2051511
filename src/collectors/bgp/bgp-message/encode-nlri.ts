/**
 * Encodes NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3), the inverse of parse-nlri.
 */
import type { IpAddress } from '../../../geo/ip.js';
import type { Prefix } from '../../../geo/prefix.js';
import type { Nlri } from './models.js';
import type { ByteWriter } from './byte-writer.js';

export function writeAddress(out: ByteWriter, address: IpAddress, count: number): void {
  const words =
    address.family === 4 ? [address.value] : [address.w0, address.w1, address.w2, address.w3];
  for (let i = 0; i < count; i++) out.u8((words[i >> 2]! >>> (24 - 8 * (i & 3))) & 255);
}

export function writePrefix(out: ByteWriter, prefix: Prefix): void {
  out.u8(prefix.length);
  writeAddress(out, prefix.address, (prefix.length + 7) >> 3);
}

export function writeNlri(out: ByteWriter, nlri: readonly Nlri[]): void {
  for (const { prefix, pathId } of nlri) {
    if (pathId !== null) out.u32(pathId);
    writePrefix(out, prefix);
  }
}
