// Lesson: a UDP echo server. It answers each datagram with the same bytes, sent back to
// whoever sent it, until it is stopped (Ctrl-C). There are no connections in UDP: one
// socket receives every client's datagrams, each one labelled with its sender's address.
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import { describeError, formatAddress } from "@socket-lessons/cli";

export interface ServerOptions {
  host: string;
  port: number;
  /** Aborted when the server must stop (Ctrl-C): the socket is then closed. */
  signal?: AbortSignal;
}

/** Runs the UDP echo server until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // A UDP socket is created for one address family, IPv4 or IPv6, so resolve the host
  // first ("localhost" may be 127.0.0.1 or ::1) and create the socket to match.
  const { address: host, family } = await lookup(options.host);
  const socket = dgram.createSocket({ type: family === 6 ? "udp6" : "udp4", signal: options.signal });

  // recvfrom: every datagram arrives whole (never split or merged, unlike TCP), with the
  // address it came from. sendto: the echo goes back to exactly that address.
  socket.on("message", (datagram, sender) => {
    socket.send(datagram, sender.port, sender.address, (error) => {
      if (error)
        console.error(
          `could not answer ${formatAddress(sender.address, sender.port)}: ${describeError(error, options)}`,
        );
    });
  });

  // bind: claim the port. There is no listen or accept: datagrams simply start arriving.
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  socket.bind(options.port, host);
  await once(socket, "listening");
  // Errors after that (rare for UDP) are reported, and the server goes on.
  socket.on("error", (error) => console.error(`error: ${describeError(error, { ...options, udp: true })}`));
  const { address, port } = socket.address();
  console.log(`listening on ${formatAddress(address, port)}`);

  // Serve until the socket is closed (Ctrl-C). Nothing to flush or say goodbye to: UDP
  // has no connections.
  await once(socket, "close");
}
