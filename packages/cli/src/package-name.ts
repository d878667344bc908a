import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The short name of the package a program belongs to (`@socket-lessons/v2` → `v2`), for the
 * usage text's `pnpm --filter v2 start:server`. Read from the package.json nearest the entry
 * script, so a student's copy of a lesson names itself.
 */
export function packageNameOf(entry: string | undefined): string {
  for (let dir = path.dirname(path.resolve(entry ?? ".")); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name ?? "";
      return name.replace(/^@[^/]+\//, "") || path.basename(dir);
    }
    if (path.dirname(dir) === dir) return "LESSON";
  }
}
