import { formatAddress } from "./address.ts";

/** Where we were listening, connecting or sending when it failed, for the message. */
export interface Endpoint {
  host: string;
  port: number;
  /** UDP has no connections: its errors are worded for datagrams. */
  udp?: boolean;
}

/** Set on a server's options by `markListening`: a symbol, so that it survives `{ ...options }`. */
const LISTENING = Symbol("the address this program listens on");

/**
 * Marks an endpoint as the address this program listens on, not a peer: a server's own
 * address (`--port 0` included) names where it could not listen, never the client whose
 * connection was reset. `serverMain` marks the options it gives the lesson.
 */
export function markListening<T extends object>(endpoint: T): T {
  return Object.assign(endpoint, { [LISTENING]: true });
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
  const listening = endpoint !== undefined && LISTENING in endpoint;
  // Where we listen, for an error about listening there (`--port 0` included)...
  const here = formatAddress(system.address ?? endpoint?.host, system.port ?? endpoint?.port);
  // ...and the other end of a connection: the server a client connects to, or what the error
  // names. A server's own address is never the peer: the client's is not known here.
  const peerHost = system.address ?? (listening ? undefined : endpoint?.host);
  const peer = peerHost === undefined ? undefined : formatAddress(peerHost, system.port ?? endpoint?.port);
  const otherSide = listening ? "the client" : "the other side";
  const to = peer === undefined ? "" : listening ? ` from ${peer}` : ` to ${peer}`;
  switch (system.code) {
    case "EADDRINUSE":
      return `${here} is already in use: another program is listening there. Stop it, or choose another port with --port`;
    case "EACCES":
      return `permission denied to listen on ${here}: ports below 1024 are privileged. Choose a port from 1024 up with --port`;
    case "EADDRNOTAVAIL":
      return `cannot use address ${system.address ?? endpoint?.host}: it is not an address of this machine. Try --host 127.0.0.1`;
    case "ECONNREFUSED":
      return endpoint?.udp
        ? `the datagram${to} was refused (the host answered "port unreachable"): is the server running? Start it first, or check --host and --port`
        : `connection${to} was refused: is the server running? Start it first, or check --host and --port`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
      return `could not resolve host name ${JSON.stringify(system.hostname ?? endpoint?.host)}: check --host`;
    case "ECONNRESET":
      return `the connection${to} was reset: ${otherSide} closed it abruptly`;
    case "EPIPE":
      return `${otherSide} closed the connection${to} while we were still sending`;
    case "ERR_STREAM_PREMATURE_CLOSE":
      return "the connection was closed before the conversation was over";
    case "ETIMEDOUT":
      return `timed out connecting${to}: no answer from that host`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${peer ?? "that host"} cannot be reached from this machine (no route)`;
    case "EMSGSIZE":
      return `the message is too large for one datagram${to}`;
    default:
      return error.message;
  }
}
