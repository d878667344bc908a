import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "echo",
  port: 12100,
  title: text("an echo server that shouts, and counts", "um servidor de eco que grita, e conta"),
  checks,
};
