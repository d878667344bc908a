import { setImmediate as nextTurn } from "node:timers/promises";
import { fail } from "../../src/checker/failure.ts";
import type { Inputs, Product } from "../../src/checker/inputs.ts";
import { addressOf, anyNumber, line, step } from "../../src/checker/steps.ts";
import * as words from "../../src/checker/words.ts";

/** The task's limit: more than this many bytes of events waiting for one client, and it is dropped. */
const LIMIT = 1024 * 1024;
/**
 * What the checker accepts, as it measures it: the events written to the slow client, less
 * what the system had taken (which that client reads before the server's FIN). Wide enough
 * for a server that counts `writableLength` or its write() callbacks; narrow enough that a
 * limit of 16 KiB or 8 MiB, or one counted in characters rather than bytes, is out.
 */
const LOW = (LIMIT * 3) / 4;
const HIGH = (LIMIT * 3) / 2;
/** Events per round of adds (about 200 KB of them): the drop is located to one round. */
const ROUND = 64;
/** When to give up: the system's buffers (a few MB: about 4 on Linux), the limit, and much to spare. */
const GIVE_UP_BYTES = 12 * 1024 * 1024;

/** Characters of 3 bytes in UTF-8: the events are big in bytes, small in characters. */
const WIDE = [..."日本語文字列€☂★中国한국"];

/** Products of about 3 KB in UTF-8 (1 KB in characters): the longest name, 16 colors of 50 characters. */
function bigProducts(input: Inputs, count: number): Product[] {
  const text = (length: number) => Array.from({ length }, () => input.pick(WIDE)).join("");
  const colors = Array.from({ length: 16 }, () => text(50));
  const names = Array.from({ length: 64 }, () => text(190));
  return input
    .distinct(count, () => input.code())
    .map((code, index) => ({
      code,
      name: `${index + 1} ${names[index % names.length]}`,
      price: input.int(0, 99_999) / 100,
      colors: input.shuffle(colors),
    }));
}

/**
 * One client connects and never reads; another adds big products, a round at a time, and a
 * third watches every event come, in order. After each round the checker looks for the
 * server's `dropped` line, so it knows within a round or two how much had been written to
 * the slow client when it was dropped; what that client then reads before the server's FIN is what
 * the system had taken. The difference is what waited in the server's memory.
 */
export const slowReaderDropped = (input: Inputs) =>
  step(async (run) => {
    const products = bigProducts(input, GIVE_UP_BYTES / 3000 + ROUND);
    // Straight to the server, no weather: this is about the server's own queues.
    const slow = await run.connect("slow", "direct");
    slow.socket.pause(); // it reads nothing, until the end
    const watcher = await run.connect("watcher", "direct");
    const adder = await run.connect("adder", "direct");
    // A reply to the watcher: the server has accepted it, and the slow one before it.
    watcher.send(`${JSON.stringify({ op: "list" })}\n`);
    await watcher.expectJson({ ok: true, products: [] });

    const dropped = line`client ${anyNumber()} (${addressOf("slow")}) dropped: it does not read its events`;
    const server = run.program("server");
    const droppedYet = () => server.output.linesFrom(0).some((printed) => dropped.matches(printed.text, run));
    let written = 0; // bytes of events written to each client, as the watcher got them
    let added = 0;
    while (!droppedYet()) {
      if (written > GIVE_UP_BYTES) {
        fail({
          expected: words.expectDropped(LIMIT, LOW, HIGH),
          came: words.neverDropped(written),
          program: server.report(),
        });
      }
      const round = products.slice(added, added + ROUND);
      adder.send(round.map((product) => `${JSON.stringify({ op: "add", product })}\n`).join(""));
      // Every reply and every event is counted, and the last of each round read whole: parsing
      // megabytes of JSON would stall the checker (and the weather of the checks beside it).
      const last = round.at(-1) as Product;
      for (let left = round.length - 1; left > 0; left--) await adder.readLine();
      await adder.expectJson({ ok: true, product: last });
      for (let left = round.length - 1; left > 0; left--) written += Buffer.byteLength(await watcher.readLine()) + 1;
      const { from } = await watcher.expectJson({ event: "added", product: last });
      written += watcher.received.indexOf(0x0a, from) + 1 - from;
      added += round.length;
      // A server logs the drop in the turn it happens: by the end of the next round at the latest.
      await nextTurn();
    }

    // The slow client reads at last: what the system had taken, then the server's FIN.
    slow.socket.resume();
    await slow.expectClosed();
    const taken = slow.received.length;
    const waiting = written - taken;
    if (waiting < LOW || waiting > HIGH) {
      // Up to about 3 times the limit: the telltale of characters counted for bytes.
      const advice =
        waiting < LOW ? words.droppedSoonAdvice : waiting < 4 * LIMIT ? words.droppedLateAdvice : undefined;
      fail({
        expected: words.expectDropped(LIMIT, LOW, HIGH),
        came: words.droppedAt(waiting, written, taken),
        ...(advice === undefined ? {} : { advice }),
        program: server.report(),
      });
    }
    // The others go on as if nothing happened.
    const after = products[added] as Product;
    adder.send(`${JSON.stringify({ op: "add", product: after })}\n`);
    await adder.expectJson({ ok: true, product: after });
    await watcher.expectJson({ event: "added", product: after });
  });
