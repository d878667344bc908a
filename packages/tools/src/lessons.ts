import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The repository's root folder (this file is packages/tools/src/lessons.ts). */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../..");

/**
 * The learning path: the order in which a student meets the lessons. The echo pair comes
 * first (the socket calls at their barest, TCP then UDP); v1..v5 then build one program
 * step by step, and the exercise extends v5. web1..web3 continue from v5 with the protocol
 * of the web, HTTP/1.1, on the same accept loop and product list.
 */
export const LEARNING_PATH = [
  "echo",
  "echo-udp",
  "v1",
  "v2",
  "v3",
  "v4",
  "v5",
  "exercise",
  "web1",
  "web2",
  "web3",
] as const;

export type LessonName = (typeof LEARNING_PATH)[number];

/**
 * Where each lesson's "What changed" diff starts from: the lesson before it on the path,
 * except v1, which is compared with echo (both TCP) rather than with the UDP echo, and web1,
 * which continues from v5 (the exercise is a side step).
 */
export const PREVIOUS_LESSON: Record<LessonName, LessonName | undefined> = {
  echo: undefined,
  "echo-udp": "echo",
  v1: "echo",
  v2: "v1",
  v3: "v2",
  v4: "v3",
  v5: "v4",
  exercise: "v5",
  web1: "v5",
  web2: "web1",
  web3: "web2",
};

/** What `pnpm demo LESSON` runs: the server's flags, then each client's flags and input. */
export interface DemoPlan {
  serverArgs: string[];
  /** Run one after another, so that the output is the same on every run. */
  clients: Array<{ args: string[]; stdin?: string }>;
  /** One-client lessons (v1..v4) exit by themselves; the others are stopped with Ctrl-C. */
  serverExitsByItself: boolean;
}

export const DEMO_PLANS: Record<LessonName, DemoPlan> = {
  echo: { serverArgs: [], clients: [{ args: ["--message", "Hello, world"] }], serverExitsByItself: false },
  "echo-udp": { serverArgs: [], clients: [{ args: ["--message", "Hello, world"] }], serverExitsByItself: false },
  v1: { serverArgs: [], clients: [{ args: [] }], serverExitsByItself: true },
  v2: { serverArgs: [], clients: [{ args: [] }], serverExitsByItself: true },
  v3: {
    serverArgs: [],
    clients: [{ args: ["--name", "Ana Souza", "--email", "ana@example.com"] }],
    serverExitsByItself: true,
  },
  v4: {
    serverArgs: [],
    clients: [{ args: [], stdin: 'add 1 "Blue pen" 2.5 blue,black\nadd 2 Notebook 12.9\nlist\nquit\n' }],
    serverExitsByItself: true,
  },
  v5: {
    serverArgs: [],
    clients: [
      { args: [], stdin: 'add 1 "Blue pen" 2.5 blue,black\nquit\n' },
      { args: [], stdin: "add 2 Notebook 12.9\nlist\nquit\n" },
    ],
    serverExitsByItself: false,
  },
  exercise: {
    serverArgs: ["--db", ":memory:"],
    clients: [{ args: [], stdin: 'get 1\nadd 51 "Caneta nova" 4.5 azul\nget 51\nquit\n' }],
    serverExitsByItself: false,
  },
  web1: { serverArgs: [], clients: [{ args: ["/"] }], serverExitsByItself: false },
  web2: {
    serverArgs: [],
    clients: [
      { args: ["/api/products", "--json", '{"code":1,"name":"Pão","price":2.5}'] },
      { args: ["/api/products/1"] },
    ],
    serverExitsByItself: false,
  },
  web3: {
    serverArgs: [],
    clients: [
      { args: ["/api/products", "--json", '{"code":1,"name":"Pão","price":2.5}'] },
      { args: ["/api/products", "--repeat", "2", "--pipeline"] },
    ],
    serverExitsByItself: false,
  },
};

export function lessonDir(lesson: LessonName): string {
  return path.join(REPOSITORY_ROOT, "apps", lesson);
}

/** The lessons of the learning path that exist in this checkout, in order. */
export function availableLessons(): LessonName[] {
  return LEARNING_PATH.filter((lesson) => existsSync(path.join(lessonDir(lesson), "package.json")));
}

export function isLessonName(name: string): name is LessonName {
  return (LEARNING_PATH as readonly string[]).includes(name);
}

/** Where a lesson's server entry says its default port: `{ port: 12004, ... }` in src/bin/server.ts. */
export const DEFAULT_PORT_IN_ENTRY = /(\{\s*port: )(\d+)/;

/** The default port of the program in `packageDir`, read from its server (or only) entry. */
export function defaultPort(packageDir: string): number | undefined {
  for (const entry of ["server.ts", "client.ts"]) {
    const file = path.join(packageDir, "src", "bin", entry);
    const match = existsSync(file) ? DEFAULT_PORT_IN_ENTRY.exec(readFileSync(file, "utf8")) : null;
    if (match) return Number(match[2]);
  }
  return undefined;
}
