// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, stringFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12003,
    summary: "v3 client: prints the server's greeting, sends a person in a binary frame, and closes.",
    flags: {
      name: stringFlag("the person's name", "Maria Silva"),
      email: stringFlag("the person's e-mail address", "maria@example.com"),
    },
  },
  runClient,
);
