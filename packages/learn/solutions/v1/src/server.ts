// The v1 task, solved: the server waits for three clients, one after another, prints where
// each came from, closes each connection cleanly, and exits once the third has gone.
import { on, once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";

/** How many clients the server serves before it exits. */
const CLIENTS = 3;

export interface ServerOptions {
  host: string;
  port: number;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves three clients, one at a time, then returns; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // socket + bind + listen: a listening socket on the address and port we were given.
  const server = net.createServer();
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // accept, in a loop: Node accepts connections for us and announces each one with a
  // `connection` event, at once, whether anyone is listening for it or not. Awaiting
  // `once(server, "connection")` again for each client would lose one that connects while we
  // are still busy with the one before. `on` keeps them in a queue instead, and hands them
  // to the loop one by one, in the order they came: each waits its turn.
  let served = 0;
  for await (const [socket] of on(server, "connection") as AsyncIterable<[net.Socket]>) {
    served += 1;
    // The last one: stop accepting, so that the next client is refused.
    if (served === CLIENTS) server.close();
    const peer = formatAddress(socket.remoteAddress, socket.remotePort);
    console.log(`client connected from ${peer}`);

    // A client may reset the connection (RST) instead of closing it: that is the end of this
    // client, not of the server. Without an `error` listener the error would crash the whole
    // program, and `once(socket, "close")` would reject with it; so we listen for `close`
    // ourselves, which comes after an error too.
    socket.on("error", (error) => console.error(`client ${peer}: ${describeError(error)}`));
    const closed = new Promise((resolve) => socket.once("close", resolve));

    // close: end() sends FIN ("I will send nothing more"). We keep reading (resume) until the
    // client's FIN arrives too, so the connection closes cleanly on both sides: closing with
    // bytes still unread would make the kernel answer them with a reset (RST).
    socket.end();
    socket.resume();
    await closed;

    if (served === CLIENTS) break; // leaving the loop stops listening for `connection`
  }
}
