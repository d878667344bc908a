import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type CompiledScripts, compileScripts } from "@socket-lessons/testing";

/** One compilation of a package, shared by the runs that check the same code. */
interface Compilation {
  /** What the code was when it was compiled. */
  readonly key: string;
  readonly compiled: Promise<CompiledScripts>;
  done?: CompiledScripts;
  /** Runs using it now. */
  users: number;
  /** The code has changed since: deleted once its last run ends. */
  stale: boolean;
}

const byDir = new Map<string, Compilation>();

/** The package's program as it is now: its package.json and every file under src/. */
function contentKey(dir: string): string {
  const hash = createHash("sha256");
  const add = (file: string) => {
    hash.update(file);
    hash.update(existsSync(file) ? readFileSync(file) : "");
  };
  add(path.join(dir, "package.json"));
  const src = path.join(dir, "src");
  if (existsSync(src)) {
    const files = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) add(file);
  }
  return hash.digest("hex");
}

function remove(compilation: Compilation): void {
  if (compilation.done !== undefined) compilation.done.remove();
  else
    void compilation.compiled.then(
      (compiled) => compiled.remove(),
      () => {},
    );
}

// Whatever stops this process, the compiled files go with it.
process.once("exit", () => {
  for (const compilation of byDir.values()) compilation.done?.remove();
});

/**
 * The package in `dir` compiled, as it is now: compiled once for every run that checks the
 * same code (three seeds of a proof, the tutor checking again an unchanged copy), compiled
 * anew when the code has changed. `release()` when the run ends.
 */
export function useCompiled(dir: string): { compiled: Promise<CompiledScripts>; release(): void } {
  const key = contentKey(dir);
  let compilation = byDir.get(dir);
  if (compilation === undefined || compilation.key !== key) {
    if (compilation !== undefined) {
      compilation.stale = true;
      if (compilation.users === 0) remove(compilation);
    }
    const fresh: Compilation = {
      key,
      compiled: compileScripts(dir, ["start:server", "start:client"]),
      users: 0,
      stale: false,
    };
    fresh.compiled.then(
      (done) => {
        fresh.done = done;
      },
      () => {},
    );
    byDir.set(dir, fresh);
    compilation = fresh;
  }
  const used = compilation;
  used.users += 1;
  return {
    compiled: used.compiled,
    release() {
      used.users -= 1;
      if (used.users === 0 && used.stale) remove(used);
    },
  };
}

/** Forgets the compilation of `dir` (a temporary package about to be deleted). */
export function forgetCompiled(dir: string): void {
  const compilation = byDir.get(dir);
  if (compilation === undefined) return;
  byDir.delete(dir);
  compilation.stale = true;
  if (compilation.users === 0) remove(compilation);
}
