import { formatAddress } from "./address.ts";

/** Where we were listening, connecting or sending when it failed, for the message. */
export interface Endpoint {
  host: string;
  port: number;
  /** UDP has no connections: its errors are worded for datagrams. */
  udp?: boolean;
}

/**
 * Turns an error into one line a student can act on: what happened, and what to try.
 * Node's own messages ("connect ECONNREFUSED 127.0.0.1:12002") name the system call; these
 * name the cause. Errors the programs raise themselves (a timeout, a broken frame) are
 * already written for the user and pass through. Never a stack trace: a stack trace tells
 * a user that the program is broken.
 */
export function describeError(error: unknown, endpoint?: Endpoint): string {
  if (!(error instanceof Error)) return String(error);
  const system = error as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const host = system.address ?? endpoint?.host;
  const port = system.port ?? endpoint?.port;
  // "to 127.0.0.1:12004" when we know where, nothing when we do not.
  const where = host === undefined ? "the other side" : formatAddress(host, port);
  const to = host === undefined ? "" : ` to ${where}`;
  switch (system.code) {
    case "EADDRINUSE":
      return `${where} is already in use: another program is listening there. Stop it, or choose another port with --port`;
    case "EACCES":
      return `permission denied to listen on ${where}: ports below 1024 are privileged. Choose a port from 1024 up with --port`;
    case "EADDRNOTAVAIL":
      return `cannot use address ${host}: it is not an address of this machine. Try --host 127.0.0.1`;
    case "ECONNREFUSED":
      return endpoint?.udp
        ? `the datagram to ${where} was refused (the host answered "port unreachable"): is the server running? Start it first, or check --host and --port`
        : `connection to ${where} was refused: is the server running? Start it first, or check --host and --port`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
      return `could not resolve host name ${JSON.stringify(system.hostname ?? endpoint?.host)}: check --host`;
    case "ECONNRESET":
      return `the connection${to} was reset: the other side closed it abruptly`;
    case "EPIPE":
      return `the other side closed the connection${to} while we were still sending`;
    case "ERR_STREAM_PREMATURE_CLOSE":
      return "the connection was closed before the conversation was over";
    case "ETIMEDOUT":
      return `timed out connecting to ${where}: no answer from that host`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${where} cannot be reached from this machine (no route)`;
    case "EMSGSIZE":
      return `the message is too large for one datagram to ${where}`;
    default:
      return error.message;
  }
}
