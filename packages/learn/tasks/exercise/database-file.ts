import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SERVER } from "../../src/checker/check-run.ts";
import { evidenceAt, firstDifference } from "../../src/checker/evidence.ts";
import { fail } from "../../src/checker/failure.ts";
import type { Product } from "../../src/checker/inputs.ts";
import { type Arg, step } from "../../src/checker/steps.ts";
import * as words from "../../src/checker/words.ts";
import { text } from "../../src/i18n.ts";

/** How every SQLite database file starts. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** A database file of the check's own: `arg` for `--db` (made on first use), deleted when the check ends. */
export function freshDatabase(): { arg: Arg; file(): string } {
  let file = "";
  return {
    arg: (run) => {
      if (file !== "") return file;
      const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
      // Deferred before the server starts: cleanups run newest first, so the server is gone by then.
      run.defer(() => rmSync(dir, { recursive: true, force: true }));
      file = path.join(dir, "products.db");
      return file;
    },
    file: () => file,
  };
}

/**
 * Expects the --db file to be a SQLite database holding these products' names (as UTF-8 in
 * its records: in the file, or in its write-ahead log beside it, `-wal`, until SQLite moves
 * them into the file).
 */
export const expectSqliteHolding = (db: { file(): string }, products: readonly Product[]) =>
  step(async (run) => {
    const file = db.file();
    const names = products.map((product) => words.quoted(product.name)).join(", ");
    const expected = words.expectSqliteFile(file, names);
    const program = run.program(SERVER).report();
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      fail({ expected, came: words.noFile, program });
    }
    const header = bytes.subarray(0, SQLITE_HEADER.length);
    if (!header.equals(SQLITE_HEADER)) {
      const label = text("the file's first bytes", "os primeiros bytes do arquivo");
      const mark = firstDifference(header, SQLITE_HEADER);
      const evidence = evidenceAt(label, bytes.subarray(0, 64), mark, { bytes: SQLITE_HEADER, from: 0 });
      fail({ expected, came: words.fileStarts(words.quoted(header.toString("utf8"))), evidence, program });
    }
    const log = existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0);
    const holds = (name: string) => bytes.includes(Buffer.from(name)) || log.includes(Buffer.from(name));
    const missing = products.find((product) => !holds(product.name));
    if (missing !== undefined) fail({ expected, came: words.fileLacks(words.quoted(missing.name)), program });
  });
