// The proxy's own error: a client's connection is forwarded to --to, and --to did not answer.
// Every other error is worded by packages/cli, as for every program of the course.
import { formatAddress } from "@socket-lessons/cli";
import type { Endpoint } from "./options.ts";

/** Why the proxy could not reach the real server (--to), for the line it prints. */
export function describeConnectError(error: unknown, to: Endpoint): string {
  const where = formatAddress(to.host, to.port);
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "ECONNREFUSED":
      return `connection to ${where} (--to) was refused: is the server running? The client's connection is closed`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return `could not resolve host name ${JSON.stringify(to.host)} (--to): the client's connection is closed`;
    default:
      return `cannot reach ${where} (--to): ${error instanceof Error ? error.message : String(error)}; the client's connection is closed`;
  }
}
