// The echo task, solved: an echo server that sends every byte back in capitals (a-z become
// A-Z, every other byte as it was), and says how many bytes each client sent.
import { once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";

export interface ServerOptions {
  host: string;
  port: number;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Runs the echo server until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // createServer makes a listening socket; the function runs once per accepted connection,
  // with a new socket for that one client. (Python: `conn, addr = s.accept()` in a loop.)
  // allowHalfOpen: when the client says "I am done sending" (FIN), our side stays open, so
  // we can still send it the rest of its echo before we end the connection ourselves.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const peer = formatAddress(socket.remoteAddress, socket.remotePort);
    console.log(`client connected from ${peer}`);
    // Counted as they arrive: TCP may deliver the client's bytes in any number of chunks.
    let received = 0;

    // recv: `data` brings whatever bytes have arrived, in chunks of any size. An echo
    // server does not care where messages start or end: every chunk goes straight back.
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      // Byte by byte, so a chunk boundary can fall anywhere: only the ASCII letters a-z
      // (0x61-0x7a) change, which also leaves every multi-byte UTF-8 character alone.
      const capitals = Buffer.from(chunk.map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte)));
      // send: write() queues the bytes. It returns false when the queue is full (the client
      // is not reading): stop reading from it until the queue drains, or a client that
      // sends without reading could make us buffer without limit.
      if (!socket.write(capitals)) {
        socket.pause();
        socket.once("drain", () => socket.resume());
      }
    });
    // The client has sent everything (its FIN arrived): end our side too, once all the
    // echo queued so far has been written.
    socket.on("end", () => socket.end());
    // A client that vanishes (reset, broken pipe) only ends its own connection.
    socket.on("error", (error) => console.error(`client ${peer}: ${describeError(error, options)}`));
    socket.on("close", () => console.log(`client ${peer} sent ${received} bytes`));
  });

  // bind + listen: take the address and port, and start accepting connections.
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // Serve until the server is closed (Ctrl-C) and its last client has gone.
  await once(server, "close");
}
