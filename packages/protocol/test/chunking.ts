import fc from "fast-check";

/** Cuts bytes into consecutive chunks whose sizes cycle through `sizes` (each at least 1). */
export function splitIntoChunks(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Chunk sizes as Beej asks of any reader: anything from 1 to 4096 bytes. */
export const chunkSizes = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 20 });
