/**
 * Reads pcap (libpcap, µs and ns magic, either byte order) and pcapng (SHB, IDB with
 * if_tsresol, EPB, the obsolete PB; SPB carries no time and is counted as skipped) from byte
 * chunks, calling back once per packet with a view into the chunk: nothing is copied unless a
 * record straddles two chunks. Formats: tcpdump.org/manpages/pcap-savefile.5.html and
 * draft-ietf-opsawg-pcapng. A corrupt header ends the file with one error carrying its
 * offset; everything before it counts.
 */

export interface CapturedPacket {
  readonly linktype: number;
  /** Seconds since the epoch, with the fraction. */
  readonly time: number;
  readonly data: Uint8Array;
  readonly offset: number;
  readonly length: number;
  /** Byte offset of the record in the file, and its 1-based number. */
  readonly fileOffset: number;
  readonly number: number;
}

export interface PcapReader {
  push(chunk: Uint8Array): void;
  /** Call at the end of the file; reports a truncated last record. */
  end(): void;
  readonly format: 'pcap' | 'pcapng' | null;
  readonly skippedBlocks: number;
}

export interface PcapReaderOptions {
  onPacket(packet: CapturedPacket): void;
  onError(message: string, offset: number): void;
}

const MAX_RECORD = 1 << 24;

export function createPcapReader(options: PcapReaderOptions): PcapReader {
  let buffer: Uint8Array = new Uint8Array(0);
  let view = new DataView(buffer.buffer);
  let base = 0; // file offset of buffer[0]
  let pos = 0;
  let format: 'pcap' | 'pcapng' | null = null;
  let little = true;
  let linktype = 0;
  let tsScale = 1e-6;
  let failed = false;
  let number = 0;
  let skippedBlocks = 0;
  /** pcapng interfaces: linktype and seconds per timestamp unit. */
  let interfaces: { linktype: number; scale: number }[] = [];
  const packet = {
    linktype: 0,
    time: 0,
    data: buffer,
    offset: 0,
    length: 0,
    fileOffset: 0,
    number: 0,
  };

  function fail(message: string, at: number) {
    failed = true;
    options.onError(message, base + at);
  }

  function emit(type: number, time: number, at: number, length: number, recordAt: number) {
    packet.linktype = type;
    packet.time = time;
    packet.data = buffer;
    packet.offset = at;
    packet.length = length;
    packet.fileOffset = base + recordAt;
    packet.number = ++number;
    options.onPacket(packet);
  }

  function header(): boolean {
    if (buffer.length - pos < 24) return false;
    const magic = view.getUint32(pos, false);
    if (magic === 0x0a0d0d0a) {
      format = 'pcapng';
      return true;
    }
    const known: Record<number, [boolean, number]> = {
      0xa1b2c3d4: [false, 1e-6],
      0xd4c3b2a1: [true, 1e-6],
      0xa1b23c4d: [false, 1e-9],
      0x4d3cb2a1: [true, 1e-9],
    };
    const found = known[magic];
    if (found === undefined) {
      fail(
        `Cannot read capture: unknown magic 0x${magic.toString(16).padStart(8, '0')}, expected pcap or pcapng`,
        pos,
      );
      return false;
    }
    [little, tsScale] = found;
    linktype = view.getUint32(pos + 20, little) & 0xffff;
    format = 'pcap';
    pos += 24;
    return true;
  }

  function pcapRecords() {
    while (buffer.length - pos >= 16) {
      const length = view.getUint32(pos + 8, little);
      if (length > MAX_RECORD)
        return fail(
          `Cannot read pcap record ${number + 1}: captured length ${length} exceeds ${MAX_RECORD}`,
          pos,
        );
      if (buffer.length - pos < 16 + length) return;
      const time = view.getUint32(pos, little) + view.getUint32(pos + 4, little) * tsScale;
      emit(linktype, time, pos + 16, length, pos);
      pos += 16 + length;
    }
  }

  function pcapngBlocks() {
    while (buffer.length - pos >= 12) {
      let type = view.getUint32(pos, little);
      if (type === 0x0a0d0d0a) {
        // A section header sets the byte order for everything after it.
        const magic = view.getUint32(pos + 8, true);
        if (magic !== 0x1a2b3c4d && magic !== 0x4d3c2b1a)
          return fail(
            `Cannot read pcapng section header: byte-order magic 0x${magic.toString(16)}`,
            pos,
          );
        little = magic === 0x1a2b3c4d;
        type = 0x0a0d0d0a;
        interfaces = [];
      }
      const total = view.getUint32(pos + 4, little);
      if (total < 12 || total % 4 !== 0 || total > MAX_RECORD)
        return fail(
          `Cannot read pcapng block: total length ${total} is not a multiple of 4 within 12…${MAX_RECORD}`,
          pos,
        );
      if (buffer.length - pos < total) return;
      if (type === 1) interfaces.push(parseInterface(pos, total));
      else if (type === 6 || type === 2) {
        const iface =
          type === 6 ? view.getUint32(pos + 8, little) : view.getUint16(pos + 8, little);
        const known = interfaces[iface];
        const length = view.getUint32(pos + 20, little);
        if (known === undefined || length > total - 32)
          return fail(
            `Cannot read pcapng packet block ${number + 1}: interface ${iface} or length ${length} invalid`,
            pos,
          );
        const units = view.getUint32(pos + 12, little) * 2 ** 32 + view.getUint32(pos + 16, little);
        emit(known.linktype, units * known.scale, pos + 28, length, pos);
      } else if (type !== 0x0a0d0d0a) skippedBlocks++;
      pos += total;
    }
  }

  function parseInterface(at: number, total: number) {
    const type = view.getUint16(at + 8, little);
    let scale = 1e-6;
    for (let o = at + 16; o + 4 <= at + total - 4;) {
      const code = view.getUint16(o, little);
      const length = view.getUint16(o + 2, little);
      if (code === 0) break;
      if (code === 9 && length >= 1) {
        const v = buffer[o + 4]!;
        scale = v & 0x80 ? 2 ** -(v & 0x7f) : 10 ** -v;
      }
      o += 4 + Math.ceil(length / 4) * 4;
    }
    return { linktype: type, scale };
  }

  return {
    push(chunk) {
      if (failed) return;
      if (pos < buffer.length) {
        const joined = new Uint8Array(buffer.length - pos + chunk.length);
        joined.set(buffer.subarray(pos));
        joined.set(chunk, buffer.length - pos);
        base += pos;
        buffer = joined;
      } else {
        base += buffer.length;
        buffer = chunk;
      }
      pos = 0;
      view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      if (format === null && !header()) return;
      if (format === 'pcap') pcapRecords();
      else if (format === 'pcapng') pcapngBlocks();
    },
    end() {
      if (!failed && (pos < buffer.length || format === null))
        fail(
          `Cannot read capture: truncated, ${buffer.length - pos} bytes left after record ${number}`,
          pos,
        );
    },
    get format() {
      return format;
    },
    get skippedBlocks() {
      return skippedBlocks;
    },
  };
}
