// Errors as one line a user can act on: what happened, and what to try. Never a stack trace.
import { formatAddress } from "@socket-lessons/cli";
import type { Endpoint } from "./options.ts";

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Why the proxy could not reach the real server (--to). */
export function describeConnectError(error: unknown, to: Endpoint): string {
  const where = formatAddress(to.host, to.port);
  switch (codeOf(error)) {
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

/** Why the proxy could not start listening (--host, --port) or find --to. */
export function describeStartError(error: unknown, listen: Endpoint): string {
  const where = formatAddress(listen.host, listen.port);
  const system = error as NodeJS.ErrnoException & { hostname?: string };
  switch (codeOf(error)) {
    case "EADDRINUSE":
      return `${where} is already in use: another program is listening there. Stop it, or choose another port with --port`;
    case "EACCES":
      return `permission denied to listen on ${where}: ports below 1024 are privileged. Choose a port from 1024 up with --port`;
    case "EADDRNOTAVAIL":
      return `cannot use address ${listen.host}: it is not an address of this machine. Try --host 127.0.0.1`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
      return `could not resolve host name ${JSON.stringify(system.hostname ?? listen.host)}: check --host and --to`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
