import { proveTask } from "../../test/prove-task.ts";

await proveTask("web3");
