// The runnable entry of `pnpm start:server`: the lesson itself is in ../server.ts.
import { runServerMain } from "@socket-lessons/protocol";
import { serverCommand, startServer } from "../server.ts";

await runServerMain(serverCommand, startServer);
