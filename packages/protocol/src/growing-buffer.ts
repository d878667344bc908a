/**
 * Bytes that have arrived and are not a whole message yet, copied into one buffer that
 * doubles when it is full (the decoders keep the start of a line or frame here).
 *
 * Why copy, rather than keep the chunks as they came: every chunk is a Buffer object of its
 * own, which costs a couple of hundred bytes of memory whatever its length (and a small
 * slice of a chunk keeps the whole chunk alive, up to 64 KiB). A message that arrives one
 * byte per read would then cost hundreds of bytes per byte: a 1 MiB line limit would admit
 * hundreds of megabytes per client. Copied, a message costs at most about twice its bytes.
 * Why double: each byte is then copied about twice in all, not once for every chunk after it.
 */
export class GrowingBuffer {
  private buffer = Buffer.alloc(0);
  private used = 0;

  /** How many bytes it holds. */
  get length(): number {
    return this.used;
  }

  /** Copies `bytes` in after the others. */
  append(bytes: Uint8Array): void {
    const needed = this.used + bytes.length;
    if (needed > this.buffer.length) {
      const bigger = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.used);
      this.buffer = bigger;
    }
    this.buffer.set(bytes, this.used);
    this.used = needed;
  }

  /**
   * Returns every byte it holds, and starts again empty. The buffer goes with the bytes
   * rather than being kept for the next message: a 1 MiB message must not cost 1 MiB for
   * the rest of the connection.
   */
  take(): Buffer {
    const bytes = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.alloc(0);
    this.used = 0;
    return bytes;
  }
}
