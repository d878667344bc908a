import type dgram from "node:dgram";
import diagnostics from "node:diagnostics_channel";
import type net from "node:net";
import { formatAddress } from "./address.ts";
import { hexDump } from "./hex-dump.ts";

/** Longer chunks are cut in the dump (a megabyte list would bury everything else). */
export const TRACE_MAX_BYTES = 512;

type Print = (line: string) => void;

/** Prints one chunk as --trace shows it: direction, byte count, peer, then the dump. */
export function traceChunk(print: Print, direction: "read" | "write", bytes: Uint8Array, peer: string): void {
  const count = `${bytes.length} ${bytes.length === 1 ? "byte" : "bytes"}`;
  print(`[trace] ${direction === "read" ? `read ${count} from` : `wrote ${count} to`} ${peer}`);
  for (const row of hexDump(bytes, { maxBytes: TRACE_MAX_BYTES })) print(row);
}

const asBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer =>
  typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array);

/**
 * `--trace`: every chunk read from or written to any socket the program opens, on stderr.
 *
 * Node publishes each new socket on a diagnostics channel (`net.client.socket` for
 * `net.connect`, `net.server.socket` for each accepted connection, `udp.socket` for
 * `dgram.createSocket`), so the lesson code does not have to ask for tracing.
 *
 * The chunks shown are the ones the socket really read from or handed to the system, in
 * the sizes it did: TCP may split or merge them on the way, which is why lessons need framing.
 */
export function traceEverySocket(print: Print): () => void {
  const tcp = (message: unknown) => traceTcpSocket((message as { socket: net.Socket }).socket, print);
  const udp = (message: unknown) => traceUdpSocket((message as { socket: dgram.Socket }).socket, print);
  diagnostics.subscribe("net.client.socket", tcp);
  diagnostics.subscribe("net.server.socket", tcp);
  diagnostics.subscribe("udp.socket", udp);
  // Stops tracing the sockets opened from now on (for tests).
  return () => {
    diagnostics.unsubscribe("net.client.socket", tcp);
    diagnostics.unsubscribe("net.server.socket", tcp);
    diagnostics.unsubscribe("udp.socket", udp);
  };
}

function traceTcpSocket(socket: net.Socket, print: Print): void {
  const peer = () => formatAddress(socket.remoteAddress, socket.remotePort);
  // Reads: `push` is how the socket hands each chunk it read from the system to its readers
  // (and `push(null)` the FIN). Watching there, rather than with a 'data' listener, leaves
  // the socket's flow exactly as the lesson sets it.
  const push = socket.push;
  socket.push = function tracedPush(this: net.Socket, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) print(`[trace] ${peer()} sent FIN: it will send nothing more`);
    else traceChunk(print, "read", asBuffer(chunk, encoding), peer());
    return push.call(this, chunk, encoding);
  };
  // Writes: `_write` / `_writev` (several queued chunks at once) hand bytes to the system.
  const write = socket._write;
  socket._write = function tracedWrite(this: net.Socket, chunk: unknown, encoding: BufferEncoding, done) {
    traceChunk(print, "write", asBuffer(chunk, encoding), peer());
    return write.call(this, chunk, encoding, done);
  };
  const writev = socket._writev;
  if (writev !== undefined) {
    socket._writev = function tracedWritev(this: net.Socket, chunks, done) {
      const bytes = Buffer.concat(chunks.map(({ chunk, encoding }) => asBuffer(chunk, encoding)));
      traceChunk(print, "write", bytes, peer());
      return writev.call(this, chunks, done);
    };
  }
  const final = socket._final;
  socket._final = function tracedFinal(this: net.Socket, done) {
    print(`[trace] sent FIN to ${peer()}: we will send nothing more`);
    return final.call(this, done);
  };
}

function traceUdpSocket(socket: dgram.Socket, print: Print): void {
  socket.on("message", (datagram, sender) =>
    traceChunk(print, "read", datagram, formatAddress(sender.address, sender.port)),
  );
  const send = socket.send;
  socket.send = function tracedSend(this: dgram.Socket, ...args: unknown[]) {
    const [message, ...rest] = args;
    const numbers = rest.filter((arg): arg is number => typeof arg === "number");
    const host = rest.find((arg): arg is string => typeof arg === "string");
    // send(msg, [offset, length,] [port, address,] [callback]); a connected socket needs no port.
    const [offset, length, port] = numbers.length >= 3 ? numbers : [undefined, undefined, numbers[0]];
    let bytes = Array.isArray(message) ? Buffer.concat(message.map((part) => asBuffer(part))) : asBuffer(message);
    if (offset !== undefined) bytes = bytes.subarray(offset, offset + (length ?? bytes.length));
    const peer = port === undefined ? connectedPeer(socket) : formatAddress(host ?? "localhost", port);
    traceChunk(print, "write", bytes, peer);
    return Reflect.apply(send, this, args);
  } as dgram.Socket["send"];
}

function connectedPeer(socket: dgram.Socket): string {
  try {
    const { address, port } = socket.remoteAddress();
    return formatAddress(address, port);
  } catch {
    return "?";
  }
}
