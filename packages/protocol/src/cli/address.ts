import type { AddressInfo } from "node:net";
import net from "node:net";

/** HOST:PORT, with an IPv6 address in brackets ([::1]:12004) so the port's colon is unambiguous. */
export function formatAddress(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The first line every server prints: tests and tools wait for it to know the real port. */
export function listeningLine(address: AddressInfo | string | null): string {
  if (address === null || typeof address === "string") throw new Error("the server is not listening on TCP/UDP");
  return `listening on ${formatAddress(address.address, address.port)}`;
}
