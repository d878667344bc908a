// The v5 task, solved: the client also prints the events the server sends when another
// client adds a product, as they arrive: `someone added product CODE: NAME`. An event is
// not the answer to any request, so it may come at any time: before the reply we wait
// for, or while the person is still typing the next command.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import type { ClientRequest, ProductCommands } from "@socket-lessons/cli/products";
import {
  describeInvalid,
  LineDecoder,
  MAX_REPLY_LINE_BYTES,
  ProductSchema,
  parseReply,
} from "@socket-lessons/protocol";

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

  /** The request sent, until its reply comes; undefined while the next command is asked for. */
  let request: ClientRequest | undefined;
  /** Asks for the next command and sends it as one request line. */
  const sendNext = async () => {
    socket.setTimeout(0); // while a person types, a quiet connection is expected
    const next = await commands.next();
    request = next;
    socket.write(`${JSON.stringify(next)}\n`);
    waitingFor = `the server's reply to ${next.op}`;
    socket.setTimeout(options.timeout);
  };
  // Not awaited: the loop below goes on reading (and printing events) while a person types.
  // If asking fails, the connection ends with that error, and so does the loop.
  const askNext = () => {
    sendNext().catch((error: unknown) => socket.destroy(error as Error));
  };

  askNext();
  let refused = 0;
  let saidBye = false;
  // recv lines: replies and events. A line may arrive in many chunks (a long list), so the
  // decoder collects them until its "\n". An event (it has no "ok") is printed, and we go
  // on waiting. A reply answers the request we sent last: print it, then ask for the next
  // one. After quit the server ends the connection, which ends the loop.
  const lines = new LineDecoder({ maxLineBytes: MAX_REPLY_LINE_BYTES });
  for await (const chunk of socket) {
    for (const line of lines.push(chunk)) {
      const event = parseEvent(line);
      if (event !== undefined) {
        for (const text of describeEvent(event)) console.log(text);
        continue;
      }
      const reply = parseReply(line);
      if (request === undefined) throw new Error("the server sent a reply to no request");
      if (!reply.ok) refused += 1;
      for (const text of commands.describe(request, reply)) (reply.ok ? console.log : console.error)(text);
      if (request.op === "quit") {
        saidBye = true;
        waitingFor = "the server to close the connection";
        break;
      }
      request = undefined;
      askNext();
    }
  }
  commands.close();
  lines.end(); // the server left in the middle of a line: that is an error
  if (!saidBye) {
    const unanswered = request === undefined ? "" : ` without answering ${request.op}`;
    throw new Error(
      `the server closed the connection${unanswered}: it was stopped, or it closed a connection that was idle too long`,
    );
  }
  return refused + commands.mistakes() > 0 ? 1 : 0;
}

/** An event line: it has "event" and no "ok" (a reply always has "ok"). Undefined for a reply. */
function parseEvent(line: Uint8Array): { event: unknown; product?: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(line));
  } catch {
    return undefined; // not JSON: parseReply says what is wrong with it
  }
  const isEvent = typeof value === "object" && value !== null && "event" in value && !("ok" in value);
  return isEvent ? (value as { event: unknown; product?: unknown }) : undefined;
}

/** What to print for an event: another client added a product. */
function describeEvent(event: { event: unknown; product?: unknown }): string[] {
  // An event this client does not know (a newer server's) is no reason to stop.
  if (event.event !== "added") return [];
  // The server is not trusted more than a client is: its product is checked too.
  const product = ProductSchema.safeParse(event.product);
  if (!product.success) throw new Error(`the server's event is not valid: ${describeInvalid(product.error)}`);
  return [`someone added product ${product.data.code}: ${product.data.name}`];
}
