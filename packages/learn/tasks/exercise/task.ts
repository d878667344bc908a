import path from "node:path";
import { text } from "../../src/i18n.ts";
import { APPS_DIR } from "../../src/paths.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "v5",
  port: 12107,
  title: text(
    "the database lookup: get by code, the products in SQLite",
    "a consulta ao banco: get pelo código, os produtos no SQLite",
  ),
  // The copy gets the exercise's packages (better-sqlite3, zod) and its sample catalog.
  modulesFrom: "exercise",
  alsoCopy: ["data/catalog.json"],
  // The reference solution is the exercise lesson itself.
  solution: path.join(APPS_DIR, "exercise"),
  checks,
};
