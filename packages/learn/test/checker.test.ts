// The checker's runner, on small student programs written to misbehave: what a failure shows,
// that nothing outlives a run, and that a broken program costs one failure, not one per check.
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { hasProc } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { reproduceCommand } from "../src/check-task.ts";
import type { Check } from "../src/checker/check.ts";
import { Inputs } from "../src/checker/inputs.ts";
import { failureLines, resultLines } from "../src/checker/report.ts";
import { runChecks } from "../src/checker/run-checks.ts";
import {
  connect,
  end,
  expectBytes,
  expectEnd,
  expectExit,
  listen,
  portOf,
  send,
  startClient,
} from "../src/checker/steps.ts";
import { text } from "../src/i18n.ts";
import { fakePackage, listeningServer, options } from "./fake-programs.ts";

const check = (id: string, steps: Check["steps"]): Check => ({ id, title: text(id, `${id} (pt)`), steps });
const echoes = check("echoes", () => [connect("c"), send("c", "hi"), end("c"), expectBytes("c", "hi"), expectEnd("c")]);
const runsClient = (code: number) =>
  check("client", () => [listen("srv"), startClient("client", ["--port", portOf("srv")]), expectExit("client", code)]);

/** Is process `pid` alive? (A zombie, dead and not yet reaped by its new parent, is not.) */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
};

describe("the checker's runner", () => {
  it("passes a check whose conversation goes as written", async () => {
    const program = fakePackage({ "src/server.ts": listeningServer() });
    try {
      const [result] = await runChecks([echoes], options(program.dir));
      expect(result?.passed).toBe(true);
    } finally {
      program.remove();
    }
  });

  it("shows a client's uncaught exception: its message and its exit code, with a word on it", async () => {
    const program = fakePackage({
      "src/client.ts": 'console.log("starting");\nthrow new Error("boom: no such thing");\n',
    });
    try {
      const [result] = await runChecks([runsClient(0)], options(program.dir));
      const report = failureLines(result?.failure ?? expect.unreachable(), "en").join("\n");
      expect(report).toContain("exited with code 1 (an uncaught exception");
      expect(report).toContain("err| Error: boom: no such thing");
      expect(report, report).toContain("out| starting");
    } finally {
      program.remove();
    }
  });

  it("explains exit code 13: an await that never settled", async () => {
    const program = fakePackage({ "src/client.ts": "await new Promise(() => {});\n" });
    try {
      const [result] = await runChecks([runsClient(0)], options(program.dir));
      expect(failureLines(result?.failure ?? expect.unreachable(), "pt-BR").join("\n")).toContain(
        "saiu com código 13 (o programa terminou enquanto um `await` ainda esperava",
      );
    } finally {
      program.remove();
    }
  });

  it("shows a compile error as one line, file:line:col, once for every check", async () => {
    const program = fakePackage({ "src/server.ts": "const x = ;\n" });
    try {
      const results = await runChecks(
        [echoes, { ...echoes, id: "again" }, { ...echoes, id: "third" }],
        options(program.dir),
      );
      expect(results.map((result) => result.passed)).toEqual([false, false, false]);
      const lines = results.flatMap((result, index) => resultLines(result, "en", { shownCause: index > 0 }));
      expect(lines.filter((each) => each.includes("does not compile"))).toEqual([
        expect.stringMatching(/it does not compile: src\/server\.ts:1:11: Unexpected ";"$/),
      ]);
      expect(lines.filter((each) => each.includes("the same cause as above"))).toHaveLength(2);
    } finally {
      program.remove();
    }
  });

  it("a server that never prints its listening line costs one wait, not one per check", async () => {
    const program = fakePackage({ "src/server.ts": "setInterval(() => {}, 1000);\n" });
    try {
      const started = Date.now();
      const checks = ["a", "b", "c", "d"].map((id) => ({ ...echoes, id }));
      const results = await runChecks(checks, options(program.dir, { startTimeoutMs: 1000 }));
      expect(results.every((result) => !result.passed)).toBe(true);
      expect(results[0]?.failure?.came.en).toBe("it was still running after 1 s");
      for (const result of results.slice(1)) expect(result.failure?.sharedCause).toBe(true);
      // Not a measure of speed: 4 waits of 1 s would take 4 s; one takes about 1.
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      program.remove();
    }
  });

  it("bounds what a report quotes of a program that floods its output", async () => {
    const program = fakePackage({
      "src/client.ts":
        'const long = "x".repeat(20_000);\nfor (let i = 0; i < 3000; i++) console.log(long);\nprocess.exitCode = 3;\n',
    });
    try {
      const [result] = await runChecks([runsClient(0)], options(program.dir));
      const report = failureLines(result?.failure ?? expect.unreachable(), "en");
      expect(report.length).toBeLessThan(20);
      for (const each of report) expect(each.length).toBeLessThan(300);
      expect(report.join("\n")).toContain("lines not shown");
    } finally {
      program.remove();
    }
  });

  it("reports results in order, as each check ends", async () => {
    const program = fakePackage({ "src/server.ts": listeningServer() });
    try {
      const order: string[] = [];
      const checks = ["one", "two", "three", "four", "five"].map((id) => ({ ...echoes, id }));
      await runChecks(checks, options(program.dir), (result, index) => order.push(`${index}:${result.check.id}`));
      expect(order).toEqual(["0:one", "1:two", "2:three", "3:four", "4:five"]);
    } finally {
      program.remove();
    }
  });
});

describe("the order checks run in", () => {
  it("a check that mostly waits starts early, beside the others, and its result still shows in its place", async () => {
    const events: string[] = [];
    const step = (name: string, ms: number) => async () => {
      events.push(`${name} starts`);
      await delay(ms);
      events.push(`${name} ends`);
    };
    const checks: Check[] = [
      check("first", () => [step("first", 1)]),
      check("busy", () => [step("busy", 200)]),
      { ...check("waiting", () => [step("waiting", 100)]), waits: true },
    ];
    const program = fakePackage({});
    try {
      const shown: string[] = [];
      await runChecks(checks, { ...options(program.dir), concurrency: 1 }, (result) => shown.push(result.check.id));
      // One at a time, yet the waiting check started before the busy one ended.
      expect(events.indexOf("waiting starts")).toBeLessThan(events.indexOf("busy ends"));
      expect(shown).toEqual(["first", "busy", "waiting"]);
    } finally {
      program.remove();
    }
  });
});

describe("what a check sends comes from the seed", () => {
  it("the same seed and check give the same inputs", () => {
    const draw = (seed: number) => new Inputs(seed, "a-check").products(3);
    expect(draw(5)).toEqual(draw(5));
  });

  it("another seed, or another check, gives other inputs", () => {
    expect(new Inputs(5, "a-check").text(6, 6)).not.toEqual(new Inputs(6, "a-check").text(6, 6));
    expect(new Inputs(5, "a-check").code()).not.toEqual(new Inputs(5, "other-check").code());
  });
});

describe("the reproduce line", () => {
  it("runs as printed from where the student typed the first command, spaces in the path and all", () => {
    const command = reproduceCommand(
      { task: { name: "v2" } as never, dir: "/home/ana/my course/my-work/v2", seed: 42, calm: false },
      "/home/ana/my course",
    );
    expect(command).toBe("pnpm learn check v2 --dir my-work/v2 --seed 42");
    const spaced = reproduceCommand(
      { task: { name: "v2" } as never, dir: "/home/ana/my course/my work/v2", seed: 42, calm: true },
      "/home/ana",
    );
    expect(spaced).toBe("pnpm learn check v2 --dir 'my course/my work/v2' --seed 42 --calm");
  });
});

// A helper started detached, holding the program's output open, must not stall the run, and
// must be gone once the run is over (checked from outside).
it.skipIf(!hasProc)("no process of a run outlives it, not even a helper that left the process group", async () => {
  const program = fakePackage(
    {
      "src/server.mjs": listeningServer(`
        const { spawn } = await import("node:child_process");
        const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000); console.log('pid ' + process.pid)"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
        child.unref();`).replace("() => {\n", "async () => {\n"),
    },
    { server: "node src/server.mjs" },
  );
  try {
    let pid = 0;
    const findPid = check("pid", () => [
      connect("c", "direct"),
      async (run) => {
        const found = await run.program("server").waitForLine((each) => each.startsWith("pid "), {
          from: 0,
          stream: "stdout",
          timeoutMs: 5000,
        });
        if (typeof found === "object") pid = Number(found.text.slice(4));
      },
    ]);
    await runChecks([findPid], options(program.dir));
    expect(pid).toBeGreaterThan(0);
    for (let tries = 0; tries < 50 && alive(pid); tries++) await delay(20);
    expect(alive(pid)).toBe(false);
  } finally {
    program.remove();
  }
});
