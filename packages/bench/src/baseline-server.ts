// The yardstick, NOT a lesson: the same protocol as v5 and the exercise with none of their
// care (no validation, no limits, no backpressure, no framing limits): split lines,
// JSON.parse, a Map, JSON.stringify. It shows what a bare Node server does on this machine,
// so that the lessons' figures can be read as a ratio to it.
import { once } from "node:events";
import net from "node:net";

type Product = { code: number; name: string; price: number; colors?: string[] };

export async function startBaselineServer(host: string, port: number): Promise<net.Server> {
  const products = new Map<number, Product>();
  const answer = (line: string): unknown => {
    const request = JSON.parse(line) as { op: string; product?: Product; code?: number };
    switch (request.op) {
      case "add": {
        const product = request.product as Product;
        if (products.has(product.code)) return { ok: false, error: { code: "DUPLICATE_CODE", message: "duplicate" } };
        products.set(product.code, { ...product, colors: product.colors ?? [] });
        return { ok: true, product: products.get(product.code) };
      }
      case "list":
        return { ok: true, products: [...products.values()] };
      case "get": {
        const product = products.get(request.code as number);
        return product ? { ok: true, product } : { ok: false, error: { code: "NOT_FOUND", message: "not found" } };
      }
      case "quit":
        return { ok: true };
      default:
        return { ok: false, error: { code: "UNKNOWN_OP", message: "unknown op" } };
    }
  };
  const server = net.createServer((socket) => {
    let buffered = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.trim() === "") continue;
        let reply: unknown;
        try {
          reply = answer(line);
        } catch {
          reply = { ok: false, error: { code: "BAD_JSON", message: "bad request" } };
        }
        socket.write(`${JSON.stringify(reply)}\n`);
      }
    });
    socket.on("error", () => {});
  });
  server.listen(port, host);
  await once(server, "listening");
  return server;
}
