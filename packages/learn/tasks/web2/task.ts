import { text } from "../../src/i18n.ts";
import type { TaskDefinition } from "../../src/task.ts";
import { checks } from "./checks.ts";

export const task: TaskDefinition = {
  lesson: "web2",
  port: 12109,
  title: text("delete a product, from the API and from the page", "apagar um produto, pela API e pela página"),
  checks,
};
