import { proveTask } from "../../test/prove-task.ts";

await proveTask("v1");
