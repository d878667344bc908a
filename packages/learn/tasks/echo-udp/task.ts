import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "echo-udp",
  port: 12101,
  udp: true,
  title: text("a pinger: round-trip times and losses", "um pinger: tempos de ida e volta e perdas"),
  checks,
};
