import { describe, expect, it } from "vitest";
import { availableLessons, LEARNING_PATH } from "../src/lessons.ts";
import { runDemo } from "../src/run-demo.ts";

describe("pnpm demo", () => {
  it("runs v2's server and client together, every line labelled by its side", async () => {
    const lines: string[] = [];
    const code = await runDemo("v2", (side, stream, line) => lines.push(`${side} ${stream} ${line}`));
    expect(code).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^server out listening on 127\.0\.0\.1:\d+$/),
      "client out server says: Hello from the server!",
      "server out client says: Hello from the client!",
    ]);
  });

  it("stops a long-running server (echo) with Ctrl-C once its client is done", async () => {
    const lines: string[] = [];
    const code = await runDemo("echo", (side, stream, line) => lines.push(`${side} ${stream} ${line}`));
    expect(code).toBe(0);
    expect(lines).toContain("client out Hello, world");
  });

  it("finds the lessons of the learning path that exist, in order", () => {
    const lessons = availableLessons();
    expect(lessons.slice(0, 4)).toEqual(["echo", "echo-udp", "v1", "v2"]);
    expect(lessons).toEqual(LEARNING_PATH.filter((lesson) => lessons.includes(lesson)));
  });
});
