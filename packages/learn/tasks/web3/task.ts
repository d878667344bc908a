import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "web3",
  port: 12110,
  title: text(
    "request bodies in chunks, and Expect: 100-continue",
    "corpos de requisição em chunks, e Expect: 100-continue",
  ),
  checks,
};
