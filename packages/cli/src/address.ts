import net from "node:net";

/**
 * HOST:PORT, with an IPv6 address in brackets ([::1]:12004) so the port's colon is unambiguous.
 * A socket that is already closed has forgotten its peer: that shows as `?`.
 */
export function formatAddress(host: string | undefined, port: number | undefined): string {
  const shownHost = host ?? "?";
  return `${net.isIPv6(shownHost) ? `[${shownHost}]` : shownHost}:${port ?? "?"}`;
}
