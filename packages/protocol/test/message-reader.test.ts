import type net from "node:net";
import { describe, expect, it } from "vitest";
import { IncompleteMessageError, LineDecoder, MessageReader } from "../src/index.ts";
import { socketPair } from "./socket-pair.ts";

const lines = (socket: net.Socket) => new MessageReader(socket, new LineDecoder({ maxLineBytes: 1024 }));

describe("MessageReader", () => {
  it("returns one message per call, keeping the rest of a chunk for the next", async () => {
    const { clientSide, serverSide } = await socketPair();
    const reader = lines(serverSide);
    clientSide.write("one\ntwo\nthree\n");
    expect(String(await reader.next())).toBe("one");
    expect(reader.waiting).toBe(2);
    expect(String(await reader.next())).toBe("two");
    expect(String(await reader.next())).toBe("three");
  });

  it("returns undefined when the peer closes between messages", async () => {
    const { clientSide, serverSide } = await socketPair();
    const reader = lines(serverSide);
    clientSide.end("last\n");
    expect(String(await reader.next())).toBe("last");
    expect(await reader.next()).toBeUndefined();
    expect(await reader.next()).toBeUndefined();
  });

  it("throws when the peer closes in the middle of a message", async () => {
    const { clientSide, serverSide } = await socketPair();
    clientSide.end("half");
    await expect(lines(serverSide).next()).rejects.toThrow(IncompleteMessageError);
  });

  it("finish() closes both sides cleanly, reading what the peer still sends", async () => {
    const { clientSide, serverSide } = await socketPair();
    const reader = lines(serverSide);
    clientSide.on("end", () => clientSide.end("late bytes"));
    clientSide.resume();
    await reader.finish();
    expect(serverSide.destroyed).toBe(true);
  });
});

describe("MessageReader after a framing failure", () => {
  it("reports it after the messages that came before it, and decodes nothing more", async () => {
    const { clientSide, serverSide } = await socketPair();
    let pushed = 0;
    const decoder = new LineDecoder({ maxLineBytes: 8 });
    const counting = {
      push(chunk: Buffer) {
        pushed += 1;
        return decoder.push(chunk);
      },
      end: () => decoder.end(),
    };
    const reader = new MessageReader(serverSide, counting);
    clientSide.write("ok\n");
    expect(String(await reader.next())).toBe("ok");
    clientSide.write("far too long for the limit\n");
    await expect(reader.next()).rejects.toThrow("larger than the limit of 8 bytes");
    const before = pushed;
    clientSide.write("more\n");
    await new Promise((resolve) => serverSide.once("data", resolve));
    expect(pushed).toBe(before);
  });
});
