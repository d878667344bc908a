import { EventEmitter, once } from "node:events";
import type net from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { sendRepliesTogether } from "../src/index.ts";
import { socketPair } from "./socket-pair.ts";

/** Reads from `socket` until `bytes` bytes have come; returns them and how many chunks they came in. */
async function readBytes(socket: net.Socket, bytes: number): Promise<{ text: string; chunks: number }> {
  const received: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const [chunk] = (await once(socket, "data")) as [Buffer];
    received.push(chunk);
    length += chunk.length;
  }
  return { text: Buffer.concat(received).toString(), chunks: received.length };
}

describe("sendRepliesTogether", () => {
  it("holds the replies written for a chunk until this turn of the event loop ends", async () => {
    const { clientSide, serverSide } = await socketPair();
    sendRepliesTogether(serverSide);
    const corked: number[] = [];
    serverSide.on("data", () => {
      serverSide.write("one\n");
      serverSide.write("two\n");
      corked.push(serverSide.writableCorked);
      setImmediate(() => corked.push(serverSide.writableCorked));
    });
    clientSide.write("go\n");
    expect(await readBytes(clientSide, 8)).toEqual({ text: "one\ntwo\n", chunks: 1 });
    expect(corked).toEqual([1, 0]); // held while handling the chunk, sent once the turn ended
  });

  it("answers eight pipelined requests with one write, in order", async () => {
    const { clientSide, serverSide } = await socketPair();
    sendRepliesTogether(serverSide);
    // Count the writes the stream hands to the socket: _write takes one chunk, _writev several.
    const writes: number[] = [];
    const writeOne = serverSide._write.bind(serverSide);
    const writeMany = serverSide._writev?.bind(serverSide);
    serverSide._write = (chunk, encoding, done) => {
      writes.push(1);
      writeOne(chunk, encoding, done);
    };
    serverSide._writev = (chunks, done) => {
      writes.push(chunks.length);
      writeMany?.(chunks, done);
    };
    serverSide.setEncoding("utf8");
    serverSide.on("data", (chunk: string) => {
      for (const request of chunk.split("\n").filter(Boolean)) serverSide.write(`re ${request}\n`);
    });
    clientSide.write(Array.from({ length: 8 }, (_, i) => `r${i}\n`).join(""));
    const expected = Array.from({ length: 8 }, (_, i) => `re r${i}\n`).join("");
    expect((await readBytes(clientSide, expected.length)).text).toBe(expected);
    expect(writes).toEqual([8]);
  });

  it("still sends what is held when the socket is ended in the meantime", async () => {
    const { clientSide, serverSide } = await socketPair();
    sendRepliesTogether(serverSide);
    serverSide.on("data", () => serverSide.end("bye\n"));
    clientSide.write("quit\n");
    const ended = once(clientSide, "end");
    expect((await readBytes(clientSide, 4)).text).toBe("bye\n");
    await ended;
  });

  it("sends what it holds once 128 sockets are holding, so a crowd asking at once is not all kept in memory", async () => {
    // Stand-ins for sockets: only what sendRepliesTogether uses (data events, cork, uncork).
    class FakeSocket extends EventEmitter {
      writableCorked = 0;
      cork() {
        this.writableCorked += 1;
      }
      uncork() {
        this.writableCorked = Math.max(0, this.writableCorked - 1);
      }
    }
    const sockets = Array.from({ length: 130 }, () => new FakeSocket());
    for (const socket of sockets) sendRepliesTogether(socket as unknown as net.Socket);
    for (const socket of sockets) socket.emit("data", Buffer.from("x\n")); // all in one turn
    const corked = () => sockets.map((socket) => socket.writableCorked);
    expect(corked()).toEqual([...Array(128).fill(0), 1, 1]);
    await nextTurn();
    expect(corked()).toEqual(Array(130).fill(0));
  });
});
