// The runnable entry of `pnpm weather -- --to HOST:PORT [options]`: the command line every
// program shares (flags, usage, exit codes, friendly errors, Ctrl-C), the two lines a checker
// waits for, and the proxy itself, which is in ../weather.ts.
import { once } from "node:events";
import { commandMain, formatAddress, markListening } from "@socket-lessons/cli";
import { weatherCommand } from "../command-line.ts";
import { startWeather } from "../weather.ts";

await commandMain(
  weatherCommand,
  async (options, { stopping }) => {
    const running = await startWeather(options, { error: (line) => process.stderr.write(`${line}\n`) });
    // The two lines a checker (or a student) waits for: where to connect, and how to replay.
    process.stdout.write(`listening on ${formatAddress(running.address.address, running.address.port)}\n`);
    process.stdout.write(`seed ${running.seed}\n`);
    // It runs until Ctrl-C or SIGTERM; then every connection is cut and every timer stopped.
    await once(stopping, "abort");
    await running.close();
  },
  { onStop: "gracefully", endpoint: ({ host, port }) => markListening({ host, port }) },
);
