import { RecordingConsole } from "./recording-console.ts";

const STOP_WAIT_MS = 1000;

/** A lesson's server running inside the test process, on a port the system chose. */
export interface InProcessServer {
  readonly port: number;
  /** What it printed (`out`: stdout, `err`: stderr). */
  readonly printed: RecordingConsole;
  /** Settles when the lesson's server is done: resolves, or rejects with its failure. */
  readonly finished: Promise<void>;
  /**
   * Aborts its signal (stops accepting, as Ctrl-C does) and waits until it has finished, or
   * 1 s at most: a one-client lesson stopped while it waits for its client never finishes
   * (the real program exits instead), and a test's cleanup must not wait for it forever.
   */
  stop(): Promise<void>;
}

/**
 * Starts a lesson's `runServer(options, console)` with `--port 0` semantics and waits for
 * its `listening on HOST:PORT` line, as the real program's users do.
 */
export async function startInProcess<O extends { port: number }>(
  runServer: (options: O & { signal: AbortSignal }, console: Console) => Promise<void>,
  options: O,
): Promise<InProcessServer> {
  const printed = new RecordingConsole();
  const stopping = new AbortController();
  const finished = runServer({ ...options, signal: stopping.signal }, printed.console);
  finished.catch(() => {}); // a test about a failure awaits `finished` itself
  const line = await Promise.race([
    printed.waitForOut(/^listening on /),
    finished.then(() => {
      throw new Error(`the server finished before listening:\n${printed.err.join("\n")}`);
    }),
  ]);
  return {
    port: Number(line.slice(line.lastIndexOf(":") + 1)),
    printed,
    finished,
    async stop() {
      stopping.abort();
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([
        finished.catch(() => {}),
        new Promise((resolve) => {
          giveUp = setTimeout(resolve, STOP_WAIT_MS);
        }),
      ]);
      clearTimeout(giveUp);
    },
  };
}
