import { once } from "node:events";
import net from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { hexDump, type LessonIO, listeningLine, traceSocket } from "../src/index.ts";

function recordingIO(): LessonIO & { lines: string[] } {
  const lines: string[] = [];
  const record = (line: string) => void lines.push(line);
  return { lines, log: record, error: record, write: record, input: new PassThrough(), interactive: false };
}

describe("hexDump", () => {
  it("shows offset, hex and printable text, 16 bytes a row", () => {
    expect(hexDump(Buffer.from("Hello, world!\n\u0000xyz"))).toEqual([
      "  0000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 78  |Hello, world!..x|",
      "  0010  79 7a                                             |yz|",
    ]);
  });

  it("cuts long chunks and says how much it left out", () => {
    const rows = hexDump(Buffer.alloc(100), 32);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toBe("  ... 68 more bytes not shown");
  });
});

describe("listeningLine", () => {
  it("prints IPv4 as HOST:PORT and IPv6 in brackets", () => {
    expect(listeningLine({ address: "127.0.0.1", family: "IPv4", port: 12004 })).toBe("listening on 127.0.0.1:12004");
    expect(listeningLine({ address: "::1", family: "IPv6", port: 12004 })).toBe("listening on [::1]:12004");
  });
});

describe("traceSocket", () => {
  it("shows each chunk written and read, with direction, size and peer", async () => {
    const server = net.createServer((socket) => socket.end("pong"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    const io = recordingIO();
    const client = net.connect(port, "127.0.0.1");
    traceSocket(client, io);
    await once(client, "connect");
    client.write("ping");
    client.resume();
    await once(client, "end");
    client.destroy();
    server.close();
    expect(io.lines).toEqual([
      `[trace] wrote 4 bytes to 127.0.0.1:${port}`,
      ...hexDump(Buffer.from("ping")),
      `[trace] read 4 bytes from 127.0.0.1:${port}`,
      ...hexDump(Buffer.from("pong")),
    ]);
  });
});
