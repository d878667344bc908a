// Lesson v4: a JSON product protocol. The client sends requests (add, list, quit), one JSON
// object per line, and prints each reply. On a terminal it shows a menu; from a pipe it
// reads one command per line: `add CODE NAME PRICE [COLOR,COLOR...]`, `list`, `quit`.
import { once } from "node:events";
import net from "node:net";
import {
  CommandReader,
  clientFlags,
  encodeLine,
  type FlagValues,
  failOnInactivity,
  formatAddress,
  type LessonIO,
  LineDecoder,
  MAX_REPLY_LINE_BYTES,
  MessageReader,
  parseReply,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter v4 start:client -- [options]",
  summary: "v4 client: adds and lists products on the server, from a menu or from piped commands.",
  flags: clientFlags(12004),
};

export type ClientOptions = FlagValues<typeof clientCommand.flags>;

/** The commands this lesson's server knows. */
const KNOWN_OPS = ["add", "list", "quit"] as const;

export async function runClient(options: ClientOptions, io: LessonIO): Promise<number> {
  // connect: resolve the host name, then open a TCP connection (the three-way handshake).
  const socket = net.connect({ host: options.host, port: options.port });
  if (options.trace) traceSocket(socket, io);
  const timeout = failOnInactivity(
    socket,
    options.timeout,
    `a connection to ${formatAddress(options.host, options.port)}`,
  );
  await once(socket, "connect");

  const replies = new MessageReader(socket, new LineDecoder({ maxLineBytes: MAX_REPLY_LINE_BYTES }));
  const commands = new CommandReader(io, KNOWN_OPS);
  let refused = 0;
  try {
    for (;;) {
      timeout.pause(); // while we wait for the user, a quiet connection is expected
      const request = await commands.next();

      // send one request line, then recv one reply line. A long list may arrive in many
      // chunks: the decoder collects them until the reply's "\n".
      socket.write(encodeLine(request));
      timeout.waitingFor(`the server's reply to ${request.op}`);
      const line = await replies.next();
      if (line === undefined) throw new Error("the server closed the connection before answering");
      const reply = parseReply(line);
      if (!reply.ok) refused += 1;
      for (const text of commands.format(request, reply)) (reply.ok ? io.log : io.error)(text);
      if (request.op === "quit") break;
    }
  } finally {
    commands.close();
  }

  // close: send FIN and wait for the server's, so the connection closes cleanly on both sides.
  timeout.waitingFor("the server to close the connection");
  await replies.finish();
  return refused + commands.mistakes > 0 ? 1 : 0;
}
