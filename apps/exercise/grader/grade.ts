// Runs the conformance checks against a lesson's server, started through its own
// `start:server` script, and collects what passed and what did not.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LessonProcess, LineClient } from "@socket-lessons/testing";
import { CheckFailed, describeReply, GRADER_PRODUCT, PROTOCOL_CHECKS } from "./checks.ts";

export interface CheckResult {
  name: string;
  passed: boolean;
  detail?: string;
}

interface StartedServer {
  process: LessonProcess;
  client: LineClient;
}

/** Starts the lesson's server on a free port and connects to it; undefined if it will not start. */
async function start(lessonDir: string, args: string[]): Promise<StartedServer | { failure: string }> {
  const process = new LessonProcess(lessonDir, "start:server", ["--port", "0", ...args], { direct: true });
  try {
    const port = await process.listeningPort();
    return { process, client: await LineClient.connect(port) };
  } catch {
    const exit = await process.exited;
    // The first line is the error; a usage text may follow it.
    return { failure: `it exited with code ${exit.code}: ${exit.stderr[0]?.trim() || "(nothing on stderr)"}` };
  }
}

async function stop(server: StartedServer, signal: NodeJS.Signals): Promise<void> {
  server.client.destroy();
  server.process.signal(signal);
  await server.process.exited;
}

async function attempt(name: string, check: () => Promise<void>): Promise<CheckResult> {
  try {
    await check();
    return { name, passed: true };
  } catch (error) {
    const detail =
      error instanceof CheckFailed ? error.message : `failed: ${error instanceof Error ? error.message : error}`;
    return { name, passed: false, detail };
  }
}

/** Grades the lesson in `lessonDir`; every server it starts is stopped before this returns. */
export async function grade(lessonDir: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-grade-"));
  const db = path.join(dir, "products.db");
  try {
    let server = await start(lessonDir, ["--db", db]);
    results.push({
      name: "the server starts with --db PATH and prints its listening line",
      passed: "client" in server,
      ...("failure" in server ? { detail: server.failure } : {}),
    });
    // Without --db the protocol can still be checked (and its failures explained).
    if ("failure" in server) server = await start(lessonDir, []);
    if ("failure" in server) {
      results.push({ name: "the server starts at all", passed: false, detail: server.failure });
      return results;
    }
    for (const check of PROTOCOL_CHECKS) {
      const client = server.client;
      results.push(await attempt(check.name, () => check.run(client)));
    }
    const size = ((await server.client.ask({ op: "list" })) as { products?: unknown[] })?.products?.length;

    // Persistence: the products must outlive the process, through a clean stop and a crash.
    await stop(server, "SIGTERM");
    results.push(
      await attempt("products survive a restart (stopped with SIGTERM)", () => survives(lessonDir, db, size)),
    );
    results.push(await attempt("products survive kill -9", () => survivesCrash(lessonDir, db)));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function survives(lessonDir: string, db: string, sizeBefore: number | undefined): Promise<void> {
  const server = await start(lessonDir, ["--db", db]);
  if ("failure" in server) throw new CheckFailed(`the server did not start again: ${server.failure}`);
  try {
    const reply = await server.client.ask({ op: "get", code: GRADER_PRODUCT.code });
    if ((reply as { ok?: boolean })?.ok !== true)
      throw new CheckFailed(`get ${GRADER_PRODUCT.code} after the restart: ${describeReply(reply)}`);
    const list = (await server.client.ask({ op: "list" })) as { products?: unknown[] };
    if (list?.products?.length !== sizeBefore) {
      throw new CheckFailed(
        `the list had ${sizeBefore} products before the restart and ${list?.products?.length} after (the catalog added twice?)`,
      );
    }
  } finally {
    await stop(server, "SIGTERM");
  }
}

async function survivesCrash(lessonDir: string, db: string): Promise<void> {
  const crashing = await start(lessonDir, ["--db", db]);
  if ("failure" in crashing) throw new CheckFailed(`the server did not start: ${crashing.failure}`);
  const product = { ...GRADER_PRODUCT, code: GRADER_PRODUCT.code + 1, name: "Added just before kill -9" };
  const added = await crashing.client.ask({ op: "add", product });
  await stop(crashing, "SIGKILL");
  if ((added as { ok?: boolean })?.ok !== true) throw new CheckFailed(`add before the crash: ${describeReply(added)}`);
  const server = await start(lessonDir, ["--db", db]);
  if ("failure" in server) throw new CheckFailed(`the server did not start after kill -9: ${server.failure}`);
  try {
    const reply = await server.client.ask({ op: "get", code: product.code });
    if ((reply as { ok?: boolean })?.ok !== true)
      throw new CheckFailed(`get ${product.code} after kill -9: ${describeReply(reply)}`);
  } finally {
    await stop(server, "SIGTERM");
  }
}
