import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v2",
  port: 12103,
  title: text(
    "a longer handshake: the server asks a name, and greets by it",
    "um handshake mais longo: o servidor pergunta o nome, e cumprimenta por ele",
  ),
  checks,
};
