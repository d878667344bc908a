// The runnable entry of `pnpm start:client`: the lesson itself is in ../client.ts.
import { runClientMain } from "@socket-lessons/protocol";
import { clientCommand, runClient } from "../client.ts";

await runClientMain(clientCommand, runClient);
