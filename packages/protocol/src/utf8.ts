import { InvalidUtf8Error } from "./stream-errors.ts";

// `fatal: true` makes invalid bytes an error instead of silently becoming "\uFFFD":
// a server must not guess what a client meant.
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 text, refusing invalid byte sequences with an InvalidUtf8Error. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new InvalidUtf8Error();
  }
}
