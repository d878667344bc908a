import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v4",
  port: 12105,
  title: text("a new operation: remove a product by code", "uma operação nova: remover um produto pelo código"),
  // The new request is a zod schema in the student's own server: the exercise's packages have zod.
  modulesFrom: "exercise",
  checks,
};
