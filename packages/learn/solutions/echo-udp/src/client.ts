// The echo-udp task, solved: a pinger in the style of Kurose and Ross. It sends --count
// numbered pings, one after another, each waiting up to --timeout for its echo, prints each
// round-trip time, then how many were lost and the minimum, average and maximum time.
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import { formatAddress } from "@socket-lessons/cli";

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for each echo before counting that ping as lost. */
  timeout: number;
  /** How many pings to send. */
  count: number;
}

export async function runClient(options: ClientOptions, console: Console): Promise<number> {
  const server = formatAddress(options.host, options.port);
  const { address, family } = await lookup(options.host);
  const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");
  try {
    // "connect" on UDP sends nothing: it fixes where our datagrams go, and makes the socket
    // accept datagrams from that address only.
    socket.connect(options.port, address);
    await once(socket, "connect");

    // recv: one listener for the whole run. A datagram may come twice (the network
    // duplicated it) or late (the echo of a ping we gave up on): each one says which ping it
    // echoes, and only the first echo of the ping we are waiting for counts.
    let waiting: { seq: number; arrived: () => void } | undefined;
    let received = 0;
    socket.on("message", (datagram) => {
      const seq = Number(/^ping (\d+) /.exec(datagram.toString("utf8"))?.[1]);
      if (waiting === undefined || seq !== waiting.seq) return;
      received += 1;
      waiting.arrived();
      waiting = undefined;
    });

    const times: number[] = [];
    for (let seq = 1; seq <= options.count; seq++) {
      const sentAt = performance.now();
      const echoed = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting = undefined; // too late now: its echo, if it comes, counts for nothing
          resolve(false);
        }, options.timeout);
        const arrived = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiting = { seq, arrived };
      });
      socket.send(`ping ${seq} ${Date.now()}`);
      if (!(await echoed)) {
        console.log(`request timed out: seq=${seq}`);
        continue;
      }
      const time = performance.now() - sentAt;
      times.push(time);
      console.log(`reply from ${server}: seq=${seq} time=${time.toFixed(2)} ms`);
    }

    const lost = options.count - received;
    const lossPercent = Number(((lost * 100) / options.count).toFixed(1));
    console.log(`${options.count} sent, ${received} received, ${lossPercent}% loss`);
    if (times.length > 0) {
      const average = times.reduce((sum, time) => sum + time, 0) / times.length;
      const [min, max] = [Math.min(...times), Math.max(...times)].map((time) => time.toFixed(2));
      console.log(`rtt min/avg/max = ${min}/${average.toFixed(2)}/${max} ms`);
    }
    return received > 0 ? 0 : 1;
  } finally {
    socket.close();
  }
}
