// Lesson: a UDP echo server. It answers each datagram with the same bytes, sent back to
// whoever sent it, until it is stopped (Ctrl-C). There are no connections in UDP: one
// socket receives every client's datagrams, each one labelled with its sender's address.
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import {
  describeError,
  type FlagValues,
  formatAddress,
  type LessonIO,
  listeningLine,
  type RunningServer,
  serverFlags,
  traceChunk,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter echo-udp start:server -- [options]",
  summary: "UDP echo server: answers every datagram with the same bytes, until stopped.",
  flags: serverFlags(12000),
};

export type ServerOptions = FlagValues<typeof serverCommand.flags>;

export async function startServer(options: ServerOptions, io: LessonIO): Promise<RunningServer> {
  // A UDP socket is created for one address family, IPv4 or IPv6, so resolve the host
  // first ("localhost" may be 127.0.0.1 or ::1) and create the socket to match.
  const { address: host, family } = await lookup(options.host);
  const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");

  // recvfrom: every datagram arrives whole (never split or merged, unlike TCP), with the
  // address it came from. sendto: the echo goes back to exactly that address.
  socket.on("message", (datagram, sender) => {
    const peer = formatAddress(sender.address, sender.port);
    if (options.trace) traceChunk(io, "read", datagram, peer);
    socket.send(datagram, sender.port, sender.address, (error) => {
      if (error) io.error(`could not answer ${peer}: ${describeError(error, options)}`);
    });
    if (options.trace) traceChunk(io, "write", datagram, peer);
  });

  // bind: claim the port. There is no listen or accept: datagrams simply start arriving.
  socket.bind(options.port, host);
  await once(socket, "listening");
  // Errors after that (rare for UDP) are reported, and the server goes on.
  socket.on("error", (error) => io.error(`error: ${describeError(error, options)}`));
  const address = socket.address() as AddressInfo;
  io.log(listeningLine(address));

  return {
    address,
    finished: once(socket, "close").then(() => undefined),
    async close() {
      socket.close(); // nothing to flush or say goodbye to: UDP has no connections
    },
  };
}
