import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v5",
  port: 12106,
  title: text(
    "notifications: every client hears of each product added",
    "notificações: cada cliente fica sabendo de cada produto adicionado",
  ),
  // The exercise's packages: zod is found beside them, for the shared protocol once compiled
  // (the v5 lesson's own node_modules has no zod; see the report on compiled-scripts.ts).
  modulesFrom: "exercise",
  checks,
};
