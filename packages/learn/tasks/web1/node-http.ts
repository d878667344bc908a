// node:http, the reference the web tasks' tables are held to (in their tests only): a server
// that answers 200 to any request it accepts, and a way to ask it what it decides for raw bytes.
import { once } from "node:events";
import http from "node:http";
import net from "node:net";

/** A node:http server on a free port of loopback that reads each body and answers 200. */
export async function nodeHttpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => response.end("ok\n"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The status of the first final response node:http sends to `request` (followed by our FIN); 0 if none within 5 s. */
export function nodeHttpStatus(port: number, request: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      // Interim responses (100 Continue) are not the decision.
      const final = [...received.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)]
        .map((match) => Number(match[1]))
        .find((s) => s >= 200);
      resolve(final ?? 0);
    });
    socket.end(request);
  });
}
