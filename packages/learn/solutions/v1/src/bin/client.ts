// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  { port: 12102, summary: "v1 client: connects to the server, prints where it connected, and closes." },
  runClient,
);
