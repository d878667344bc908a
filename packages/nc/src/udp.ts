// nc over UDP (-u). There is no connection: no handshake, no FIN, nothing to close. Each line
// of input goes out as one datagram, and each datagram that comes in is printed.
import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { formatAddress } from "@socket-lessons/cli";
import { CrlfLineEnds, InputLines } from "./line-ends.ts";
import type { NcOptions, NcStreams } from "./streams.ts";

/**
 * The most one datagram can carry: 65535 bytes, less the 8-byte UDP header and the IP header
 * (20 bytes for IPv4; IPv6 counts its 40-byte header outside that 65535).
 */
const MAX_DATAGRAM_PAYLOAD = { 4: 65_507, 6: 65_527 } as const;

/** `pnpm nc -u HOST PORT`: send each line of input, print each reply. */
export async function sendUdp(options: NcOptions, io: NcStreams): Promise<void> {
  // A UDP socket is made for one address family: resolve the host first, and match it.
  const { address, family } = await lookup(options.host);
  const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");
  const failed = rejectOnError(socket);
  const counts = { sent: 0, received: 0 };
  try {
    // "connect" on UDP sends nothing: it fixes where our datagrams go, makes the socket accept
    // datagrams from that address only, and lets the system tell us when nothing listens
    // there ("port unreachable" arrives as an ECONNREFUSED error).
    socket.connect(options.port, address);
    await Promise.race([once(socket, "connect"), failed]);
    const server = formatAddress(address, options.port);
    io.say(`sending datagrams to ${server} (UDP: no connection, so no FIN either way)`);

    socket.on("message", (datagram) => {
      counts.received += 1;
      printDatagram(io.output, datagram);
    });
    const maxBytes = MAX_DATAGRAM_PAYLOAD[family === 6 ? 6 : 4];
    await Promise.race([sendInputLines(socket, options, io, maxBytes, counts), failed]);

    // The input has ended, and there is no FIN to wait for: wait for the replies still on
    // their way, until as many have come as datagrams went out, or none has come for `timeout` ms.
    io.say(`input ended: ${datagrams(counts.sent)} sent, ${counts.received} came back so far`);
    while (counts.received < counts.sent) {
      try {
        await Promise.race([once(socket, "message", { signal: AbortSignal.timeout(options.timeout) }), failed]);
      } catch (error) {
        if (!(error instanceof Error && error.name === "AbortError")) throw error;
        io.say(`nothing came for ${options.timeout} ms: ${datagrams(counts.sent - counts.received)} got no reply`);
        break;
      }
    }
  } finally {
    socket.close();
  }
}

/** `pnpm nc -u -l [HOST] PORT`: print every datagram; the input goes to whoever sent the first. */
export async function listenUdp(options: NcOptions & { signal?: AbortSignal }, io: NcStreams): Promise<void> {
  const { address: host, family } = await lookup(options.host);
  // Aborting the signal closes the socket, and that ends this function (Ctrl-C simply exits).
  const socket = dgram.createSocket({ type: family === 6 ? "udp6" : "udp4", signal: options.signal });
  const failed = rejectOnError(socket);
  const closed = once(socket, "close");

  // bind: claim the port. There is no listen or accept: datagrams simply start arriving,
  // from anyone, each one whole.
  socket.bind(options.port, host);
  await Promise.race([once(socket, "listening"), failed]);
  const { address, port } = socket.address();
  io.say(`listening on ${formatAddress(address, port)} (UDP)`);
  socket.on("message", (datagram) => printDatagram(io.output, datagram));

  // Like OpenBSD nc, answer the first sender only: "connect" the socket to it. The input
  // waits until then, since before the first datagram there is no one to send it to.
  const first = Promise.race([once(socket, "message"), closed, failed]);
  const [, sender] = (await first) as [Buffer?, dgram.RemoteInfo?];
  if (sender === undefined) return; // stopped before anyone wrote
  io.say(`first datagram from ${formatAddress(sender.address, sender.port)}: the input goes there`);
  socket.connect(sender.port, sender.address);
  await Promise.race([once(socket, "connect"), closed, failed]);

  const counts = { sent: 0, received: 0 };
  const maxBytes = MAX_DATAGRAM_PAYLOAD[family === 6 ? 6 : 4];
  // A listener has no end of its own: after the input ends it goes on printing, until stopped.
  await Promise.race([sendInputLines(socket, options, io, maxBytes, counts).then(() => closed), closed, failed]);
}

/**
 * Each line of input, one datagram. Sending has no "queue full" as a TCP write has, so the
 * input is paused until the system has taken the datagrams of one chunk (their callbacks).
 * Resolves when the input has ended and its last datagram is out.
 */
function sendInputLines(
  socket: dgram.Socket,
  options: NcOptions,
  io: NcStreams,
  maxBytes: number,
  counts: { sent: number },
): Promise<void> {
  const lineEnds = options.crlf ? new CrlfLineEnds() : undefined;
  const lines = new InputLines(maxBytes);
  return new Promise((resolve, reject) => {
    const sendAll = (datagrams: Buffer[], then: () => void) => {
      let waiting = datagrams.length;
      if (waiting === 0) return then();
      for (const datagram of datagrams) {
        socket.send(datagram, (error) => {
          if (error) return reject(error);
          counts.sent += 1;
          waiting -= 1;
          if (waiting === 0) then();
        });
      }
    };
    const onData = (chunk: Buffer) => {
      let datagrams: Buffer[];
      try {
        datagrams = lines.push(lineEnds ? lineEnds.convert(chunk) : chunk);
      } catch (error) {
        io.input.pause();
        return reject(error);
      }
      io.input.pause();
      sendAll(datagrams, () => io.input.resume());
    };
    const onEnd = () => {
      io.input.off("data", onData);
      sendAll(lines.end(), resolve);
    };
    io.input.on("data", onData);
    io.input.once("end", onEnd);
    socket.once("close", () => {
      io.input.off("data", onData);
      io.input.off("end", onEnd);
      io.input.pause();
    });
  });
}

/**
 * A datagram is printed as it came, then a line end if it had none: on a screen, two
 * datagrams must not run together into what looks like one message. UDP cannot be told to
 * slow down, so there is no pausing here: a reader too slow for the sender loses datagrams.
 */
function printDatagram(output: Writable, datagram: Buffer): void {
  output.write(datagram);
  if (datagram.at(-1) !== 0x0a) output.write("\n");
}

/** A promise that rejects with the socket's first error (port unreachable, port taken...). */
function rejectOnError(socket: dgram.Socket): Promise<never> {
  const failed = new Promise<never>((_resolve, reject) => socket.on("error", reject));
  failed.catch(() => {}); // raced against the work; unobserved when the work wins
  return failed;
}

const datagrams = (count: number) => (count === 1 ? "1 datagram" : `${count} datagrams`);
