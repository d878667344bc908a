// For pending-memory: N v3 servers in one process, each on a port of its own (v3 serves one
// client and exits, so measuring many connections needs many servers). Prints each server's
// `listening on` line, then `all listening`; nothing else.
import { runServer } from "../../../../apps/v3/src/server.ts";

const count = Number(process.argv.at(-1));
const listening: Array<Promise<void>> = [];
for (let i = 0; i < count; i++) {
  listening.push(
    new Promise((resolve) => {
      const onlyListening = {
        log(line: string) {
          if (!line.startsWith("listening on ")) return;
          console.log(line);
          resolve();
        },
        error() {},
      } as unknown as Console;
      runServer({ host: "127.0.0.1", port: 0, message: "hi" }, onlyListening).catch(() => {});
    }),
  );
}
await Promise.all(listening);
console.log("all listening");
