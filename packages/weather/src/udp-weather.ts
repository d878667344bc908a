// UDP mode (--udp): one listening socket for every client, and for each client address a
// socket of our own towards the real server (see udp-client.ts).
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { Weather } from "./options.ts";
import type { Random } from "./random.ts";
import type { WeatherConsole } from "./trace.ts";
import { type DatagramAddress, UdpClient } from "./udp-client.ts";

/** A client that has sent nothing and received nothing for this long is forgotten. */
export const UDP_IDLE_MS = 60_000;

export interface RunningUdpWeather {
  readonly address: AddressInfo;
  /** How many clients the proxy keeps a socket for right now. */
  clientCount(): number;
  close(): Promise<void>;
}

export async function startUdpWeather(
  weather: Weather,
  random: Random,
  console: WeatherConsole,
  idleMs = UDP_IDLE_MS,
): Promise<RunningUdpWeather> {
  // A UDP socket is made for one address family: resolve the names first ("localhost" may
  // be 127.0.0.1 or ::1) and create each socket to match.
  const listenAt = await lookup(weather.host);
  const target = await lookup(weather.to.host);
  const server: DatagramAddress = {
    address: target.address,
    port: weather.to.port,
    family: target.family === 6 ? 6 : 4,
  };

  const front = dgram.createSocket(listenAt.family === 6 ? "udp6" : "udp4");
  const clients = new Map<string, UdpClient>();
  let seen = 0;

  // recvfrom: each datagram comes with its sender's address, which is all that tells one
  // client from another.
  front.on("message", (datagram, sender) => {
    const key = `${sender.address}|${sender.port}`;
    let client = clients.get(key);
    if (client === undefined) {
      seen += 1;
      // Each client draws from a stream of its own, forked by the order it first wrote in.
      const address: DatagramAddress = {
        address: sender.address,
        port: sender.port,
        family: sender.family === "IPv6" ? 6 : 4,
      };
      client = new UdpClient(address, front, server, weather, random.fork(seen), console);
      clients.set(key, client);
    }
    client.fromClient(datagram);
  });

  front.bind(weather.port, listenAt.address);
  await once(front, "listening"); // rejects with the error instead (port in use...)
  front.on("error", (error) => console.error(`[weather] error: ${error.message}`));

  // Clients never say goodbye in UDP: forget the ones that have gone quiet.
  const sweep = setInterval(
    () => {
      const now = performance.now();
      for (const [key, client] of clients) {
        if (now - client.lastActive < idleMs) continue;
        clients.delete(key);
        void client.close();
      }
    },
    Math.max(10, idleMs / 4),
  );
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    address: front.address(),
    clientCount: () => clients.size,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const closed = [...clients.values()].map((client) => client.close());
        clients.clear();
        closed.push(new Promise((resolve) => front.close(() => resolve())));
        await Promise.all(closed);
      })();
      return closing;
    },
  };
}
