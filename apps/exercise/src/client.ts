// Exercise: the v5 client, unchanged: the `get CODE` command is one more line in its command
// table (see bin/client.ts); sending a request and printing its reply is the same for all.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import type { ProductCommands } from "@socket-lessons/cli/products";
import { LineDecoder, MAX_REPLY_LINE_BYTES, parseReply } from "@socket-lessons/protocol";

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for each reply. */
  timeout: number;
}

/** Sends each command as a request and prints its reply; resolves with the exit code. */
export async function runClient(options: ClientOptions, commands: ProductCommands, console: Console): Promise<number> {
  // connect: resolve the host name, then open a TCP connection (the three-way handshake).
  const socket = net.connect({ host: options.host, port: options.port });
  // A timeout: without one, a client whose server never answers waits forever. The socket
  // calls us after `timeout` ms with nothing happening; we end it with an error that says
  // what we were waiting for.
  let waitingFor = `a connection to ${formatAddress(options.host, options.port)}`;
  socket.setTimeout(options.timeout, () => {
    socket.destroy(new Error(`timed out after ${options.timeout} ms waiting for ${waitingFor}`));
  });
  await once(socket, "connect");

  /** Asks for the next command and sends it as one request line. */
  const sendNext = async () => {
    socket.setTimeout(0); // while a person types, a quiet connection is expected
    const request = await commands.next();
    socket.write(`${JSON.stringify(request)}\n`);
    waitingFor = `the server's reply to ${request.op}`;
    socket.setTimeout(options.timeout);
    return request;
  };

  let request = await sendNext();
  let refused = 0;
  let lastReply = false; // the server ends the session after this reply
  // recv reply lines. A reply may arrive in many chunks (a long list), so the decoder
  // collects them until its "\n". Each reply answers the request we sent last: print it,
  // then send the next one. After the last reply the server ends the connection, which ends the loop.
  const replies = new LineDecoder({ maxLineBytes: MAX_REPLY_LINE_BYTES });
  for await (const chunk of socket) {
    for (const line of replies.push(chunk)) {
      const reply = parseReply(line);
      if (!reply.ok) refused += 1;
      for (const text of commands.describe(request, reply)) (reply.ok ? console.log : console.error)(text);
      // The last reply: to quit, or an error after which the server hangs up (BUSY, TOO_LARGE:
      // see packages/protocol/README.md).
      if (request.op === "quit" || (!reply.ok && ["BUSY", "TOO_LARGE"].includes(reply.error.code))) {
        lastReply = true;
        waitingFor = "the server to close the connection";
        break;
      }
      request = await sendNext();
    }
  }
  commands.close();
  replies.end(); // the server left in the middle of a reply: that is an error
  if (!lastReply) {
    throw new Error(
      `the server closed the connection without answering ${request.op}: it was stopped, or it closed a connection that was idle too long`,
    );
  }
  return refused + commands.mistakes() > 0 ? 1 : 0;
}
