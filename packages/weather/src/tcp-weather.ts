// TCP mode: a listening socket; each client that connects gets a connection of its own to
// the real server, and the bytes go through with only their chunking and timing changed.
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import net from "node:net";
import type { Weather } from "./options.ts";
import type { Random } from "./random.ts";
import { ProxiedConnection, SOCKET_BUFFER_BYTES } from "./tcp-connection.ts";
import type { WeatherConsole } from "./trace.ts";

export interface RunningTcpWeather {
  readonly address: net.AddressInfo;
  /** Bytes all connections hold in memory right now (to check that backpressure bounds it). */
  bufferedBytes(): number;
  close(): Promise<void>;
}

export async function startTcpWeather(
  weather: Weather,
  random: Random,
  console: WeatherConsole,
): Promise<RunningTcpWeather> {
  // Each connection resolves --to again (so "localhost" may reach ::1 or 127.0.0.1, whichever
  // answers), but a name that does not resolve at all is a typo: better said now, once.
  await lookup(weather.to.host);
  const connections = new Set<ProxiedConnection>();
  let accepted = 0;

  // allowHalfOpen: when a client sends FIN, our side stays open, so the server's answer
  // can still be forwarded to it after the FIN has been passed on (half-close).
  // highWaterMark: see SOCKET_BUFFER_BYTES.
  const server = net.createServer({ allowHalfOpen: true, highWaterMark: SOCKET_BUFFER_BYTES }, (client) => {
    accepted += 1;
    // Each connection draws from a stream of its own, forked by its number: its decisions do
    // not depend on what other connections did meanwhile.
    const connection = new ProxiedConnection(accepted, client, weather, random.fork(accepted), console);
    connections.add(connection);
    connection.closed.then(() => connections.delete(connection));
  });

  server.listen(weather.port, weather.host);
  await once(server, "listening"); // rejects with the error instead (port in use...)
  // Later errors (out of file descriptors while accepting) are reported; the proxy goes on.
  server.on("error", (error) => console.error(`[weather] error: ${error.message}`));

  let closing: Promise<void> | undefined;
  return {
    address: server.address() as net.AddressInfo,
    bufferedBytes() {
      let bytes = 0;
      for (const connection of connections) bytes += connection.bufferedBytes;
      return bytes;
    },
    close() {
      closing ??= (async () => {
        // Stop accepting, then cut every connection: 'close' comes once the last one is gone.
        const closed = once(server, "close");
        server.close();
        for (const connection of connections) connection.destroy();
        await closed;
        await Promise.all([...connections].map((connection) => connection.closed));
      })();
      return closing;
    },
  };
}
