// A program's output must arrive whole, wherever it goes. On a terminal or into a file Node
// writes stdout synchronously; into a pipe it writes asynchronously, and `process.exit()`
// throws away whatever the pipe has not taken yet (a slow `| wc -l` got 5,000 of 20,000
// lines). So every program exits through `exitWhenWritten`, which waits for both streams.

/** The exit status of a program whose reader went away, as a shell shows it (128 + SIGPIPE). */
export const EXIT_BROKEN_PIPE = 141;

/** Resolves once everything written to `stream` so far has been handed to the system. */
function written(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  // Writes complete in order: the callback of this empty one runs after all the earlier ones.
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/** Exits with `code` once stdout and stderr are written out (or `withinMs` has passed). */
export async function exitWhenWritten(code: number, withinMs = Number.POSITIVE_INFINITY): Promise<never> {
  const deadline = Number.isFinite(withinMs) ? new Promise((resolve) => setTimeout(resolve, withinMs).unref()) : null;
  const flushed = Promise.all([written(process.stdout), written(process.stderr)]);
  await (deadline === null ? flushed : Promise.race([flushed, deadline]));
  process.exit(code);
}

/**
 * When the reader of our output leaves (`| head -3`), writing fails with EPIPE. A well-mannered
 * Unix tool then stops at once and says nothing: there is no one left to say it to. `cleanUp`
 * runs first (stop the child processes this program started, say).
 */
export function stopQuietlyWhenOutputCloses(cleanUp: () => void = () => {}): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
      cleanUp();
      process.exit(EXIT_BROKEN_PIPE);
    });
  }
}
