import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v1",
  port: 12102,
  title: text(
    "a server that serves three clients, one after another",
    "um servidor que atende três clientes, um depois do outro",
  ),
  checks,
};
