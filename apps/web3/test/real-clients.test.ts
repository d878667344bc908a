// Real clients against web3: Node's own HTTP client (the reference), Python's http.client and
// curl, as the README shows them.
import { execFile, spawnSync } from "node:child_process";
import http from "node:http";
import { hasPython3, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();
const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

async function web3() {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 5, headerTimeout: 10 };
  const server = await startInProcess(runServer, options);
  defer(() => server.stop());
  return server;
}

/** A request through node:http, with a deadline. */
function nodeRequest(port: number, method: string, path: string, body?: { type: string; text: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const headers = body === undefined ? {} : { "Content-Type": body.type };
    const request = http.request({ host: "127.0.0.1", port, method, path, headers, timeout: 5000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => {
        body += text;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("timeout", () => request.destroy(new Error("node:http timed out")));
    request.on("error", reject);
    request.end(body?.text);
  });
}

/** Runs a program to its end (5 s at most) and returns its output. */
function run(program: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(program, args, { timeout: 5000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("node:http's client, the reference, uses web3's API", () => {
  it("POST a JSON product (node:http counts its Content-Length), then read it back", async () => {
    const { port } = await web3();
    const product = JSON.stringify({ code: 5, name: "Pão", price: 3 });
    const created = await nodeRequest(port, "POST", "/api/products", { type: "application/json", text: product });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe("/api/products/5");
    const read = await nodeRequest(port, "GET", "/api/products/5");
    expect(JSON.parse(read.body)).toEqual({ ok: true, product: { code: 5, name: "Pão", price: 3, colors: [] } });
    expect(Buffer.byteLength(read.body)).toBe(Number(read.headers["content-length"]));
  });

  it("the form's POST gets 303 to /, and 404, 405, 415 come back as node:http expects them", async () => {
    const { port } = await web3();
    const form = { type: "application/x-www-form-urlencoded", text: "code=1&name=Pen&price=1" };
    const added = await nodeRequest(port, "POST", "/", form);
    expect([added.status, added.headers.location]).toEqual([303, "/"]);
    expect((await nodeRequest(port, "GET", "/api/products/2")).status).toBe(404);
    expect((await nodeRequest(port, "PATCH", "/")).headers.allow).toBe("GET, HEAD, POST");
    expect((await nodeRequest(port, "POST", "/api/products", { type: "text/plain", text: "{}" })).status).toBe(415);
  });
});

describe("node:http's client keeps its connection to web3 open", () => {
  it("an Agent with keepAlive sends three requests on one socket", async () => {
    const { port } = await web3();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    defer(() => agent.destroy());
    const sockets = new Set<unknown>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const request = http.get(
          { host: "127.0.0.1", port, path: "/api/products", agent, timeout: 5000 },
          (response) => {
            sockets.add(response.socket);
            expect(response.headers["keep-alive"]).toBe("timeout=5");
            response.resume();
            response.on("end", resolve);
          },
        );
        request.on("error", reject);
      });
    }
    expect(sockets.size).toBe(1);
  });
});

describe.skipIf(!hasPython3())("Python's http.client talks to web3", () => {
  it("one HTTPConnection sends two requests, and Python reuses the connection", async () => {
    const { port } = await web3();
    const script = [
      "import http.client",
      `c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=5)`,
      "for path in ['/', '/api/products']:",
      "    c.request('GET', path)",
      "    r = c.getresponse()",
      "    r.read()",
      "    print(r.status, r.getheader('Keep-Alive'), c.sock.getsockname()[1])",
    ].join("\n");
    const python = await run("python3", ["-c", script]);
    expect(python.stderr).toBe("");
    const [first, second] = python.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" "));
    expect(first?.slice(0, 2)).toEqual(["200", "timeout=5"]);
    expect(second?.slice(0, 2)).toEqual(["200", "timeout=5"]);
    expect(first?.[2]).toBe(second?.[2]); // the same local port: the same connection
  });

  it("POST a JSON product and GET the list, as the README shows", async () => {
    const { port } = await web3();
    const script = [
      "import http.client, json",
      `c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=5)`,
      'c.request("POST", "/api/products", body=json.dumps({"code": 1, "name": "Pão", "price": 2.5}), headers={"Content-Type": "application/json"})',
      "r = c.getresponse()",
      'print(r.status, r.reason, r.getheader("Location"), r.read().decode())',
      `c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=5)`,
      'c.request("GET", "/api/products")',
      "r = c.getresponse()",
      'print(r.status, json.loads(r.read())["products"][0]["name"])',
    ].join("\n");
    const python = await run("python3", ["-c", script]);
    expect(python.stderr).toBe("");
    expect(python.stdout.split("\n")).toEqual([
      '201 Created /api/products/1 {"ok":true,"product":{"code":1,"name":"Pão","price":2.5,"colors":[]}}',
      "200 Pão",
      "",
    ]);
  });
});
if (!hasPython3()) console.log("skipped: Python's http.client (no python3 on PATH)");

describe.skipIf(!hasCurl)("curl talks to web3", () => {
  it("curl -v with two URLs re-uses the connection", async () => {
    const { port } = await web3();
    const curl = await run("curl", [
      "-sS",
      "-v",
      `http://127.0.0.1:${port}/api/products`,
      `http://127.0.0.1:${port}/api/products`,
    ]);
    expect(curl.code).toBe(0);
    expect(curl.stderr).toMatch(/Re-using existing connection/);
  });

  it("curl --json adds a product; curl -d sends the form and -L follows the 303 to the page", async () => {
    const { port } = await web3();
    const json = await run("curl", [
      "-sS",
      "-f",
      "-H",
      "Content-Type: application/json",
      "--data",
      '{"code":1,"name":"Pen","price":1}',
      `http://127.0.0.1:${port}/api/products`,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).product.name).toBe("Pen");
    const form = await run("curl", ["-sS", "-L", "-d", "code=2&name=Caneta+azul&price=2", `http://127.0.0.1:${port}/`]);
    expect(form.code).toBe(0);
    expect(form.stdout).toContain("<td>Caneta azul</td>");
  });
});
if (!hasCurl) console.log("skipped: curl (not on PATH)");
