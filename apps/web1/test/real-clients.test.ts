// Real clients against web1: Node's own HTTP client (the reference), Python's http.client and
// curl, as the README shows them.
import { execFile, spawnSync } from "node:child_process";
import http from "node:http";
import { hasPython3, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();
const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

async function web1() {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
  const server = await startInProcess(runServer, options);
  defer(() => server.stop());
  return server;
}

/** A request through node:http, with a deadline. */
function nodeRequest(port: number, method: string, path: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path, timeout: 5000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => {
        body += text;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("timeout", () => request.destroy(new Error("node:http timed out")));
    request.on("error", reject);
    request.end();
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

describe("node:http's client, the reference, reads web1's responses", () => {
  it("GET / reads the page to its end, with the Host node:http sent on it", async () => {
    const { port } = await web1();
    const response = await nodeRequest(port, "GET", "/");
    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe("close");
    expect(response.body).toContain(`Host: 127.0.0.1:${port}`);
    expect(Buffer.byteLength(response.body)).toBe(Number(response.headers["content-length"]));
  });

  it("HEAD, 404 and 405 come back as node:http expects them", async () => {
    const { port } = await web1();
    const head = await nodeRequest(port, "HEAD", "/");
    expect([head.status, head.body]).toEqual([200, ""]);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
    expect((await nodeRequest(port, "GET", "/favicon.ico")).status).toBe(404);
    const refused = await nodeRequest(port, "DELETE", "/");
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe("GET, HEAD");
  });
});

describe.skipIf(!hasPython3())("Python's http.client talks to web1", () => {
  it("GET and HEAD, as the README shows", async () => {
    const { port } = await web1();
    const script = [
      "import http.client",
      `c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=5)`,
      'c.request("GET", "/")',
      "r = c.getresponse()",
      "body = r.read()",
      'print(r.status, r.reason, r.getheader("Content-Length"), len(body))',
      'print(body.decode("utf-8"))',
      `c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=5)`,
      'c.request("HEAD", "/")',
      "r = c.getresponse()",
      'print(r.status, len(r.read()), r.getheader("Connection"))',
    ].join("\n");
    const python = await run("python3", ["-c", script]);
    expect(python.stderr).toBe("");
    const lines = python.stdout.split("\n");
    // status, reason, Content-Length, and the bytes Python read: the same number.
    const [status, reason, length, read] = lines[0]?.split(" ") ?? [];
    expect([status, reason]).toEqual(["200", "OK"]);
    expect(length).toBe(read);
    expect(python.stdout).toContain("Accept-Encoding: identity");
    expect(lines).toContain("200 0 close");
  });
});
if (!hasPython3()) console.log("skipped: Python's http.client (no python3 on PATH)");

describe.skipIf(!hasCurl)("curl talks to web1", () => {
  it("curl -i shows the status line, the headers, and the page with curl's own request on it", async () => {
    const { port } = await web1();
    const curl = await run("curl", ["-sS", "-i", `http://127.0.0.1:${port}/`]);
    expect(curl.code).toBe(0);
    expect(curl.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(curl.stdout).toMatch(/User-Agent: curl\//);
  });

  it("curl -I sends HEAD and gets no body; curl -f fails on 404", async () => {
    const { port } = await web1();
    const head = await run("curl", ["-sS", "-I", `http://127.0.0.1:${port}/`]);
    expect(head.code).toBe(0);
    expect(head.stdout).toMatch(/Content-Length: \d+\r\n/);
    expect((await run("curl", ["-sS", "-f", `http://127.0.0.1:${port}/favicon.ico`])).code).toBe(22);
  });
});
if (!hasCurl) console.log("skipped: curl (not on PATH)");
