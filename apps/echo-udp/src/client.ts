// Lesson: a UDP echo client. It sends one datagram and waits for the echo. UDP promises
// nothing: a datagram may be lost, so after each --timeout it sends again, --retries times.
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import { formatAddress, UsageError } from "@socket-lessons/cli";

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for each echo before sending again. */
  timeout: number;
  message: string;
  retries: number;
}

/**
 * The most one datagram can carry: 65535 bytes, less the 8-byte UDP header and the
 * IP header (20 bytes for IPv4; IPv6 counts its 40-byte header outside that 65535).
 */
export const MAX_DATAGRAM_PAYLOAD = { 4: 65_507, 6: 65_527 } as const;

export async function runClient(options: ClientOptions, console: Console): Promise<void> {
  const server = formatAddress(options.host, options.port);
  const { address, family } = await lookup(options.host);
  const message = Buffer.from(options.message);
  const limit = MAX_DATAGRAM_PAYLOAD[family === 6 ? 6 : 4];
  if (message.length > limit) {
    // Refused before sending: the operating system would refuse it anyway (EMSGSIZE).
    throw new UsageError(
      `--message is ${message.length} bytes; one UDP datagram over IPv${family} carries at most ${limit}`,
    );
  }

  const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");
  try {
    // "connect" on UDP sends nothing: it fixes where our datagrams go, makes the socket
    // accept datagrams from that address only, and lets the system tell us when nothing
    // listens there ("port unreachable" arrives as an ECONNREFUSED error).
    socket.connect(options.port, address);
    await once(socket, "connect");

    const attempts = options.retries + 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      socket.send(message);
      try {
        // recv, with a timeout: if no datagram comes in time, ours or its echo was lost.
        const [echo] = (await once(socket, "message", { signal: AbortSignal.timeout(options.timeout) })) as [Buffer];
        console.log(echo.toString("utf8"));
        return;
      } catch (error) {
        if (!(error instanceof Error && error.name === "AbortError")) throw error;
        console.error(`no echo within ${options.timeout} ms (attempt ${attempt} of ${attempts})`);
      }
    }
    throw new Error(
      `no echo from ${server} after ${attempts} attempts: the datagrams or their echoes were lost, or no server is listening`,
    );
  } finally {
    socket.close();
  }
}
