import { once } from "node:events";
import net from "node:net";
import { afterEach } from "vitest";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected pair of loopback sockets, destroyed after the test: what `serverSide` reads, `clientSide` wrote. */
export async function socketPair(): Promise<{ clientSide: net.Socket; serverSide: net.Socket }> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const clientSide = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  const [serverSide] = (await once(server, "connection")) as [net.Socket];
  server.close();
  cleanups.push(() => {
    clientSide.destroy();
    serverSide.destroy();
  });
  return { clientSide, serverSide };
}
