import net from "node:net";

/** HOST:PORT, with an IPv6 address in brackets ([::1]:12002) so the port's colon is unambiguous. */
export function formatAddress(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
