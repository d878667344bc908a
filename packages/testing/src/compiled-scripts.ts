import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Message, type Plugin } from "esbuild";
import { scriptCommand } from "./lesson-process.ts";

/** A TypeScript program that did not compile: `where` is one line, `src/server.ts:12:5: message`. */
export class CompileError extends Error {
  override name = "CompileError";
  constructor(readonly where: string) {
    super(where);
  }
}

/**
 * `import.meta.dirname` in a bundle would name the bundle's folder; a program that finds
 * files next to its source (the exercise's catalog) must keep its source folder instead.
 */
const keepSourceFolders: Plugin = {
  name: "keep-source-folders",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source
        .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

/**
 * Everything goes into the bundle (the workspace's own packages are TypeScript source, and a
 * package such as zod is found wherever pnpm put it for the package that imports it), except
 * native packages (better-sqlite3): their compiled `.node` file must be loaded from where it
 * was built, so the bundle imports them from there, by their full path.
 */
const leaveNativePackages: Plugin = {
  name: "leave-native-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@socket-lessons/") || args.importer === "") return undefined;
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      let manifest: string;
      try {
        manifest = createRequire(args.importer).resolve(`${name}/package.json`);
      } catch {
        return undefined; // not a package with a readable manifest: let esbuild decide
      }
      const native =
        existsSync(path.join(path.dirname(manifest), "binding.gyp")) ||
        (JSON.parse(readFileSync(manifest, "utf8")) as { gypfile?: boolean }).gypfile === true;
      if (!native) return undefined;
      return { path: pathToFileURL(createRequire(args.importer).resolve(args.path)).href, external: true };
    });
  },
};

/**
 * The TypeScript file a script runs and the Node flags it runs it with, when the script is
 * the plain form the lessons use: `node --import tsx src/bin/server.ts` (or `tsx FILE.ts`).
 * Anything else (a shell line, a build step) is not compiled here: undefined.
 */
export function typeScriptEntry(script: string): { entry: string; nodeFlags: string[] } | undefined {
  const words = script.trim().split(/\s+/);
  const entry = words.at(-1);
  if (entry === undefined || !entry.endsWith(".ts") || words.length < 2) return undefined;
  if (words[0] === "tsx" && words.length === 2) return { entry, nodeFlags: [] };
  if (words[0] !== "node") return undefined;
  const flags = words.slice(1, -1);
  const tsx = flags.findIndex((flag, index) => flag === "--import" && flags[index + 1] === "tsx");
  if (tsx === -1 && !flags.includes("--import=tsx")) return undefined;
  const nodeFlags = flags.filter((flag, index) => flag !== "--import=tsx" && index !== tsx && index !== tsx + 1);
  return nodeFlags.every((flag) => flag.startsWith("-")) ? { entry, nodeFlags } : undefined;
}

/** One line for the first error: `src/server.ts:12:5: Expected ";" but found "x"` (and how many more). */
function firstError(errors: readonly Message[], packageDir: string): string {
  const [error] = errors;
  if (error === undefined) return "it did not compile";
  const where = error.location
    ? `${path.relative(packageDir, path.resolve(error.location.file)).split(path.sep).join("/")}:${error.location.line}:${error.location.column + 1}: `
    : "";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more ${errors.length === 2 ? "error" : "errors"})` : "";
  return `${where}${error.text}${more}`;
}

export interface CompiledScripts {
  /**
   * The command line that runs a compiled script, undefined for a script left as it is;
   * throws the script's CompileError when its code does not compile.
   */
  commandFor(script: string): readonly string[] | undefined;
  /** Deletes the compiled files. */
  remove(): void;
}

/**
 * Compiles a package's start scripts ahead of time, each to one JavaScript file run by plain
 * `node`: starting one then takes a tenth of the time `node --import tsx` takes (tsx compiles
 * in memory at every start, on a second thread with a heap of its own). The code is the same:
 * esbuild is also what tsx compiles with, and neither checks types.
 *
 * The files go to a temporary folder of their own, beside a link to the package's
 * node_modules (for what the program finds there at run time). A script in another form, or whose file is missing, is left as it is
 * (`commandFor` says undefined); one that does not compile has its error, in one line.
 */
export async function compileScripts(packageDir: string, scripts: readonly string[]): Promise<CompiledScripts> {
  const outDir = mkdtempSync(path.join(tmpdir(), "socket-lessons-compiled-"));
  symlinkSync(path.join(packageDir, "node_modules"), path.join(outDir, "node_modules"), "junction");
  const outName = (script: string) => script.replace(/[^a-z0-9]+/gi, "-");
  const results = new Map<string, readonly string[] | CompileError>();
  await Promise.all(
    scripts.map(async (script) => {
      let command: string;
      try {
        command = scriptCommand(packageDir, script);
      } catch {
        return; // no such script: whoever runs it says so
      }
      const compiled = typeScriptEntry(command);
      if (compiled === undefined || !existsSync(path.resolve(packageDir, compiled.entry))) return;
      const outfile = path.join(outDir, `${outName(script)}.mjs`);
      try {
        await build({
          entryPoints: [path.resolve(packageDir, compiled.entry)],
          outfile,
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          // Stack traces point at the student's .ts files (with --enable-source-maps). A map in
          // a file of its own, not inline: node starts a fifth faster without decoding it.
          sourcemap: "linked",
          plugins: [keepSourceFolders, leaveNativePackages],
          logLevel: "silent",
        });
        results.set(script, [process.execPath, "--enable-source-maps", ...compiled.nodeFlags, outfile]);
      } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        if (errors === undefined) throw error;
        results.set(script, new CompileError(firstError(errors, packageDir)));
      }
    }),
  );
  return {
    commandFor(script) {
      const result = results.get(script);
      if (result instanceof CompileError) throw result;
      return result;
    },
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
