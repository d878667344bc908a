// Runs the baseline server as a process of its own, like a lesson's server, so that both
// are measured the same way. Prints the same first line: `listening on HOST:PORT`.
import type { AddressInfo } from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import { startBaselineServer } from "../baseline-server.ts";

const portArgument = process.argv.indexOf("--port");
const port = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
const server = await startBaselineServer("127.0.0.1", port);
const { address, port: bound } = server.address() as AddressInfo;
process.stdout.write(`listening on ${formatAddress(address, bound)}\n`);
const stop = () => {
  setTimeout(() => process.exit(0), 1000).unref();
  server.close(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
