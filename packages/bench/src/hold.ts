import { openConnections } from "./load.ts";

export interface HoldResult {
  opened: number;
  connectFailures: number;
  served: number;
  refused: Record<string, number>;
}

/**
 * Opens `count` connections and has each make one `request` and wait for its reply,
 * all staying open: what a server pays for many clients that are connected but quiet.
 * Returns once every reply has come (or `timeoutMs` has passed), with the connections still
 * open, so that the caller can measure the server; `close` then closes them.
 */
export async function holdConnections(host: string, port: number, count: number, request: string, timeoutMs = 60_000) {
  const { sockets, failures } = await openConnections(host, port, count);
  let served = 0;
  const refused: Record<string, number> = {};
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          let head = "";
          const timer = setTimeout(resolve, timeoutMs);
          socket.on("error", () => {});
          socket.on("data", (chunk: Buffer) => {
            head += chunk.toString("latin1", 0, Math.min(chunk.length, 64));
            if (!chunk.includes(0x0a)) return;
            const code = head.startsWith('{"ok":false')
              ? (/"code":"([A-Z_]+)"/.exec(head)?.[1] ?? "UNKNOWN")
              : undefined;
            if (code === undefined) served += 1;
            else refused[code] = (refused[code] ?? 0) + 1;
            socket.removeAllListeners("data");
            socket.resume(); // a later close by the server is still seen
            clearTimeout(timer);
            resolve();
          });
          socket.on("close", () => {
            clearTimeout(timer);
            resolve();
          });
          socket.write(request);
        }),
    ),
  );
  const result: HoldResult = { opened: sockets.length, connectFailures: failures, served, refused };
  const close = () => {
    for (const socket of sockets) socket.destroy();
  };
  return { result, close };
}
