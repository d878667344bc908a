// Runs the baseline server as a process of its own, like a lesson's server, so that both
// are measured the same way: the same first line (`listening on HOST:PORT`), the same Ctrl-C.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { commandMain, formatAddress, integerFlag } from "@socket-lessons/cli";
import { startBaselineServer } from "../baseline-server.ts";

const command = {
  usage: "pnpm --filter bench start:baseline -- [options]",
  summary: "The bench's yardstick: v5's protocol with none of its care (not a lesson).",
  flags: { port: integerFlag("port to listen on (0: any free port)", 0, { min: 0, max: 65535 }, "PORT") },
};

await commandMain(
  command,
  async ({ port }, { stopping }) => {
    const server = await startBaselineServer("127.0.0.1", port);
    const { address, port: bound } = server.address() as AddressInfo;
    process.stdout.write(`listening on ${formatAddress(address, bound)}\n`);
    await once(stopping, "abort");
    server.close();
  },
  { onStop: "gracefully" },
);
