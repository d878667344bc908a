import type { Inputs } from "../../src/checker/inputs.ts";

/** A chunked body, in its parts: where each size line starts matters to a check that cuts one. */
export interface ChunkedBody {
  readonly bytes: Buffer;
  /** Where each size line starts in `bytes`, and how long it is (without its "\r\n"). */
  readonly sizeLines: ReadonlyArray<{ readonly at: number; readonly length: number }>;
}

/**
 * `data` in chunks of the seed's sizes, as a client may write them: the first size in hex
 * capitals (a size of 10 to 15: `A`..`F`) with an extension (`;name=value`), the next with a
 * leading zero, the rest in either case, an extension now and then (quoted, with a space);
 * then the last chunk (`0`) and `trailers`, and the empty line.
 */
export function chunked(input: Inputs, data: Uint8Array, trailers: readonly string[] = []): ChunkedBody {
  const first = Math.min(data.length, input.int(10, 15));
  const rest = data.length - first;
  const cuts = input
    .distinct(Math.min(rest - 1, input.int(1, 3)), () => first + input.int(1, rest - 1))
    .sort((a, b) => a - b);
  const bounds = [0, first, ...cuts, data.length].filter((at, i, all) => i === 0 || at > (all[i - 1] as number));
  const parts: Buffer[] = [];
  const sizeLines: Array<{ at: number; length: number }> = [];
  let at = 0;
  const line = (text: string) => {
    sizeLines.push({ at, length: Buffer.byteLength(text) });
    parts.push(Buffer.from(`${text}\r\n`));
    at += Buffer.byteLength(text) + 2;
  };
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = data.subarray(bounds[i], bounds[i + 1]);
    const hex = piece.length.toString(16);
    const size = i === 0 ? hex.toUpperCase() : i === 1 ? `0${hex}` : input.chance(0.5) ? hex.toUpperCase() : hex;
    const extension =
      i === 0
        ? `;${input.letters(4)}=${input.letters(3)}`
        : input.chance(0.3)
          ? `;${input.letters(3)}="${input.letters(2)} ${input.letters(2)}"`
          : "";
    line(`${size}${extension}`);
    parts.push(Buffer.from(piece), Buffer.from("\r\n"));
    at += piece.length + 2;
  }
  line(input.chance(0.5) ? "0" : "000");
  const end = Buffer.from(`${trailers.map((trailer) => `${trailer}\r\n`).join("")}\r\n`);
  return { bytes: Buffer.concat([...parts, end]), sizeLines };
}

/** A trailer field, as a client may send one after the last chunk (a checksum, a signature). */
export const trailer = (input: Inputs): string =>
  `X-${input.pick(["Checksum", "Signature", "Trace"])}-${input.letters(3)}: ${input.letters(input.int(4, 20))}`;
