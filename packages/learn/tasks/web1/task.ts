import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "web1",
  port: 12108,
  title: text(
    "serve the files of a folder, and nothing outside it",
    "servir os arquivos de uma pasta, e nada fora dela",
  ),
  checks,
};
