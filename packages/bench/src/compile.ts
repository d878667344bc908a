import { readFile } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * `import.meta.dirname` in a bundle would name the bundle's folder; a server that finds
 * files next to its source (the exercise's catalog) must keep its source folder instead.
 */
const keepSourceFolders: Plugin = {
  name: "keep-source-folders",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const folder = JSON.stringify(path.dirname(args.path));
      return { contents: source.replaceAll("import.meta.dirname", folder), loader: "ts" };
    });
  },
};

/**
 * Compiles a server's start script to one JavaScript file, as a server is deployed, so that
 * the benchmark measures the server and not the TypeScript loader: `node --import tsx`
 * compiles in memory on a second thread with its own JavaScript heap, about 50 MB of memory
 * in every process. The code is the same; esbuild is also what tsx uses to compile.
 *
 * `packageDir` is the server's package and `entry` its start file (`src/bin/server.ts`).
 * The result goes to the package's `node_modules/.cache` (the caller deletes it), so that
 * the packages the bundle leaves out (native ones, such as better-sqlite3) are found where
 * they are installed.
 */
export async function compileServer(packageDir: string, entry: string): Promise<string> {
  const outfile = path.join(packageDir, "node_modules", ".cache", "socket-lessons-bench", `server-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(packageDir, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["better-sqlite3"],
    plugins: [keepSourceFolders],
    logLevel: "error",
  });
  return outfile;
}

/** The TypeScript file a start script runs: `node --import tsx src/bin/server.ts` → `src/bin/server.ts`. */
export function scriptEntry(script: string): string {
  const entry = script.split(" ").find((word) => word.endsWith(".ts"));
  if (entry === undefined) throw new Error(`cannot find the .ts file that "${script}" runs`);
  return entry;
}
