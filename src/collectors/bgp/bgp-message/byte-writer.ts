/**
 * A growable big-endian byte buffer for the encoders, with length fields filled in afterwards.
 */
export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 255;
  }

  u16(v: number): void {
    this.room(2);
    this.buf[this.length++] = (v >>> 8) & 255;
    this.buf[this.length++] = v & 255;
  }

  u32(v: number): void {
    this.room(4);
    for (let s = 24; s >= 0; s -= 8) this.buf[this.length++] = (v >>> s) & 255;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Writes a placeholder of `size` bytes and answers a function that fills in the length since. */
  lengthField(size: 1 | 2 | 4): () => void {
    const at = this.length;
    for (let i = 0; i < size; i++) this.u8(0);
    return () => {
      const v = this.length - at - size;
      for (let i = 0; i < size; i++) this.buf[at + i] = (v >>> (8 * (size - 1 - i))) & 255;
    };
  }

  setU16(at: number, v: number): void {
    this.buf[at] = (v >>> 8) & 255;
    this.buf[at + 1] = v & 255;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
