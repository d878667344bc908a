import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v3",
  port: 12104,
  title: text(
    "many persons in consecutive frames, and a count back",
    "várias pessoas em frames seguidos, e o servidor responde quantas recebeu",
  ),
  // The compiled programs load the packages they do not bundle from the copy's node_modules:
  // the protocol's zod (PersonSchema) is there only in the exercise's.
  modulesFrom: "exercise",
  checks,
};
