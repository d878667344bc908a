import { LessonProcess } from "@socket-lessons/testing";
import { DEMO_PLANS, type LessonName, lessonDir } from "./lessons.ts";

/** Where a demo's labelled lines go (the terminal, or a test's array). */
export type DemoOutput = (side: string, stream: "out" | "err", line: string) => void;

/** A demo that has not finished in this time is stopped: every run ends by itself. */
const DEMO_DEADLINE_MS = 60_000;

/**
 * Runs one lesson's server and its clients as a student would in two terminals, with
 * `--port 0` so that it never collides with a server already running. Returns 0 when
 * every side exited 0.
 */
export async function runDemo(lesson: LessonName, output: DemoOutput): Promise<number> {
  const plan = DEMO_PLANS[lesson];
  const dir = lessonDir(lesson);
  const server = new LessonProcess(dir, "start:server", ["--port", "0", ...plan.serverArgs], {
    direct: true,
    onLine: (stream, line) => output("server", stream, line),
  });
  const deadline = setTimeout(() => server.signal("SIGKILL"), DEMO_DEADLINE_MS);
  try {
    const port = await server.listeningPort();
    const clientExits = [];
    for (const [index, client] of plan.clients.entries()) {
      const side = plan.clients.length === 1 ? "client" : `client ${index + 1}`;
      const process = new LessonProcess(dir, "start:client", ["--port", String(port), ...client.args], {
        direct: true,
        stdin: client.stdin ?? "",
        onLine: (stream, line) => output(side, stream, line),
      });
      clientExits.push(await process.exited);
    }
    if (!plan.serverExitsByItself) server.signal("SIGINT");
    const serverExit = await server.exited;
    return [serverExit, ...clientExits].every((exit) => exit.code === 0) ? 0 : 1;
  } catch (error) {
    server.signal("SIGKILL");
    output("demo", "err", error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    clearTimeout(deadline);
  }
}
