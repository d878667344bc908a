// nc over TCP: the echo client grown up. It connects (or waits for one client with -l), then
// copies stdin to the socket and the socket to stdout at the same time, each at the pace of
// its slower end, until both sides have said "I will send nothing more" (FIN).
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import { CrlfLineEnds } from "./line-ends.ts";
import type { NcOptions, NcStreams } from "./streams.ts";

/** `pnpm nc HOST PORT`: connect, then relay until both sides are done. */
export async function connectTcp(options: NcOptions, io: NcStreams): Promise<void> {
  // connect: resolve the host name, then the three-way handshake. allowHalfOpen: when the
  // other side sends its FIN, keep our side open (Node would end it at once): we may still
  // have input to send. Each side ends its own half when it is done.
  const socket = net.connect({ host: options.host, port: options.port, allowHalfOpen: true });
  // Without a timeout, a host that never answers keeps us waiting for minutes.
  const where = formatAddress(options.host, options.port);
  socket.setTimeout(options.timeout, () => {
    socket.destroy(new Error(`timed out after ${options.timeout} ms waiting for a connection to ${where}`));
  });
  await once(socket, "connect");
  // Connected: from now on silence is the user's business (typing, thinking), not a failure.
  socket.setTimeout(0);
  io.say(`connected to ${formatAddress(socket.remoteAddress, socket.remotePort)}`);
  await relay(socket, options, io);
}

/** `pnpm nc -l [HOST] PORT`: wait for one client, stop listening, then relay as above. */
export async function listenTcp(options: NcOptions, io: NcStreams): Promise<void> {
  const server = net.createServer({ allowHalfOpen: true });
  // bind + listen; `once` turns the outcome into a promise: "listening", or the error (port in use...).
  server.listen({ host: options.host, port: options.port });
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  io.say(`listening on ${formatAddress(address, port)}`);

  // accept one client. Closing the server stops accepting (a second client is refused) and
  // leaves this connection open.
  const [socket] = (await once(server, "connection")) as [net.Socket];
  server.close();
  io.say(`connection from ${formatAddress(socket.remoteAddress, socket.remotePort)}`);
  await relay(socket, options, io);
}

/**
 * The heart of netcat: stdin to the socket and the socket to stdout, both at once. Resolves
 * when both sides have sent their FIN and the socket has closed; rejects with the socket's
 * error (a reset, say).
 */
async function relay(socket: net.Socket, options: NcOptions, io: NcStreams): Promise<void> {
  const peer = formatAddress(socket.remoteAddress, socket.remotePort);

  // The socket to stdout. write() returns false when stdout is behind (a slow terminal, a
  // pipe into `less`): stop reading the socket until stdout drains. The bytes then wait in the
  // system's receive buffer, and TCP tells the sender to slow down: our memory stays bounded.
  socket.on("data", (chunk: Buffer) => {
    if (!io.output.write(chunk)) {
      socket.pause();
      io.output.once("drain", () => socket.resume());
    }
  });
  // The other side's FIN: it will send nothing more. Our side stays open until our input ends.
  socket.on("end", () => io.say(`${peer} sent FIN: it will send nothing more`));

  // stdin to the socket, the same way round: when the socket's send queue is full (the other
  // side reads slower than we type or pipe), stop reading stdin until the queue drains.
  const lineEnds = options.crlf ? new CrlfLineEnds() : undefined;
  const send = (chunk: Buffer) => {
    if (!socket.write(lineEnds ? lineEnds.convert(chunk) : chunk)) {
      io.input.pause();
      socket.once("drain", () => io.input.resume());
    }
  };
  // stdin ended (Ctrl-D, or the end of a pipe or file): send our FIN, as OpenBSD `nc -N` does,
  // once everything before it is written. Without it the other side could never know we are done.
  const finish = () =>
    socket.end((error?: Error) => {
      if (!error) io.say(`sent FIN to ${peer}: we will send nothing more`);
    });
  io.input.on("data", send);
  io.input.once("end", finish);

  try {
    // Both FINs are through: Node closes the socket. An error closes it too, and `once`
    // rejects with that error.
    await once(socket, "close");
  } finally {
    io.input.off("data", send);
    io.input.off("end", finish);
    io.input.pause();
  }
}
