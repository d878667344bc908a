// Exercise: the v5 client plus `get CODE`, which asks the server for one product by its code.
// Like v5's, it works from a menu, from piped commands, or as a simulation (--simulate N).
import { once } from "node:events";
import net from "node:net";
import {
  CommandReader,
  clientFlags,
  encodeLine,
  type FlagValues,
  failOnInactivity,
  formatAddress,
  integerFlag,
  type LessonIO,
  LineDecoder,
  MAX_REPLY_LINE_BYTES,
  MessageReader,
  parseReply,
  SimulatedCommands,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter exercise start:client -- [options]",
  summary: "exercise client: adds, lists and gets products, from a menu, piped commands, or a simulation.",
  flags: {
    ...clientFlags(12006),
    simulate: integerFlag("add a random product and list, N times, instead of reading commands", 0, {
      min: 0,
      max: 1_000_000,
    }),
  },
};

export type ClientOptions = FlagValues<typeof clientCommand.flags>;

/** The commands this lesson's server knows. */
const KNOWN_OPS = ["add", "list", "get", "quit"] as const;

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
  const commands = options.simulate > 0 ? new SimulatedCommands(options.simulate) : new CommandReader(io, KNOWN_OPS);
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
