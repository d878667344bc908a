import { once } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WeatherOptions } from "../src/options.ts";
import { withDefaults } from "../src/options.ts";
import { Random } from "../src/random.ts";
import { startUdpWeather } from "../src/udp-weather.ts";
import { startWeather } from "../src/weather.ts";
import { closeAll, collectDatagrams, onCleanup, RecordingConsole, startUdpEchoServer, udpSocket } from "./helpers.ts";

afterEach(closeAll);

/** Starts the UDP proxy in front of `port`, closed after the test. */
async function weatherTo(port: number, options: Omit<WeatherOptions, "to"> = {}, console = new RecordingConsole()) {
  const weather = await startWeather({ to: { host: "127.0.0.1", port }, udp: true, ...options }, console);
  onCleanup(() => weather.close());
  return weather;
}

/** The fates --trace reported for datagrams going one way, in order. */
function fates(console: RecordingConsole, direction: string): string[] {
  const pattern = new RegExp(`^\\[weather\\] client \\S+ ${direction}: \\d+ bytes? \\((.*)\\)$`);
  return console.lines.flatMap((line) => pattern.exec(line)?.slice(1, 2) ?? []);
}

describe("UDP weather", () => {
  it("a datagram reaches the server and its echo comes back to the client", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port);
    const client = await udpSocket();
    client.send("ping", weather.address.port, "127.0.0.1");
    const [reply] = (await once(client, "message")) as [Buffer];
    expect(reply.toString()).toBe("ping");
  });

  it("--loss 0 loses nothing", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port, { loss: 0 });
    const client = await udpSocket();
    const replies = collectDatagrams(client);
    for (let i = 0; i < 50; i++) client.send(`${i}`, weather.address.port, "127.0.0.1");
    await replies.waitForCount(50);
    expect(echo.received).toHaveLength(50);
  });

  it("--loss 1 loses every datagram", async () => {
    const echo = await startUdpEchoServer();
    const console = new RecordingConsole();
    const weather = await weatherTo(echo.port, { loss: 1, trace: true }, console);
    const client = await udpSocket();
    for (let i = 0; i < 20; i++) client.send(`${i}`, weather.address.port, "127.0.0.1");
    // The decision is made as each datagram arrives, and --trace reports it.
    await console.waitUntil(() => fates(console, "client→server").length === 20);
    expect(fates(console, "client→server")).toEqual(new Array(20).fill("lost"));
    expect(echo.received).toEqual([]);
  });

  it("--dup 1 sends every datagram twice", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port, { dup: 1 });
    const client = await udpSocket();
    const replies = collectDatagrams(client);
    for (const text of ["a", "b", "c"]) client.send(text, weather.address.port, "127.0.0.1");
    await echo.waitForCount(6);
    expect(echo.received).toEqual(["a", "a", "b", "b", "c", "c"]);
    // The echoes are doubled again on their way back: each way has its own weather.
    await replies.waitForCount(12);
    expect(replies.received).toHaveLength(12);
  });

  it("--reorder 1 lets each next datagram overtake the one held back", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port, { reorder: 1 });
    const client = await udpSocket();
    for (const text of ["1", "2", "3", "4"]) client.send(text, weather.address.port, "127.0.0.1");
    await echo.waitForCount(4);
    expect(echo.received).toEqual(["2", "1", "4", "3"]);
  });

  it("a datagram held back with nothing behind it is still delivered, late", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port, { reorder: 1 });
    const client = await udpSocket();
    client.send("alone", weather.address.port, "127.0.0.1");
    const [reply] = (await once(client, "message")) as [Buffer];
    expect(reply.toString()).toBe("alone");
  });

  it("the same seed loses the same datagrams", async () => {
    const echo = await startUdpEchoServer();
    const lostWith = async (seed: number) => {
      const console = new RecordingConsole();
      const weather = await weatherTo(echo.port, { loss: 0.3, seed, trace: true }, console);
      const client = await udpSocket();
      // One at a time, each after the previous decision: the numbers are the datagrams' order.
      for (let i = 0; i < 60; i++) {
        client.send(`${i}`, weather.address.port, "127.0.0.1");
        await console.waitUntil(() => fates(console, "client→server").length === i + 1);
      }
      await weather.close();
      return fates(console, "client→server").flatMap((fate, i) => (fate === "lost" ? [i] : []));
    };
    const lost = await lostWith(1234);
    expect(lost.length).toBeGreaterThan(5);
    expect(lost.length).toBeLessThan(40);
    expect(await lostWith(1234)).toEqual(lost);
    expect(await lostWith(4321)).not.toEqual(lost);
  });

  it("each client gets its own replies back", async () => {
    const echo = await startUdpEchoServer();
    const weather = await weatherTo(echo.port, { delay: 5, jitter: 5 });
    const alice = await udpSocket();
    const bob = await udpSocket();
    const toAlice = collectDatagrams(alice);
    const toBob = collectDatagrams(bob);
    for (let i = 0; i < 5; i++) {
      alice.send(`alice ${i}`, weather.address.port, "127.0.0.1");
      bob.send(`bob ${i}`, weather.address.port, "127.0.0.1");
    }
    await Promise.all([toAlice.waitForCount(5), toBob.waitForCount(5)]);
    expect(toAlice.received).toEqual(["alice 0", "alice 1", "alice 2", "alice 3", "alice 4"]);
    expect(toBob.received).toEqual(["bob 0", "bob 1", "bob 2", "bob 3", "bob 4"]);
  });

  it("a client that has gone quiet is forgotten", async () => {
    const echo = await startUdpEchoServer();
    const options = withDefaults({ to: { host: "127.0.0.1", port: echo.port }, udp: true });
    const weather = await startUdpWeather(options, new Random(1), new RecordingConsole(), 50);
    onCleanup(() => weather.close());
    const client = await udpSocket();
    client.send("hello", weather.address.port, "127.0.0.1");
    await once(client, "message");
    expect(weather.clientCount()).toBe(1);
    await vi.waitFor(() => expect(weather.clientCount()).toBe(0), { timeout: 5000 });
  });
});
