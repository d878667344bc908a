// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, integerFlag, stringFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12104,
    summary:
      "v3 task client: prints the server's greeting, sends persons in binary frames, half-closes, and prints how many the server accepted.",
    flags: {
      name: stringFlag("the persons' name (each gets its number after it: NAME 1, NAME 2...)", "Maria Silva"),
      email: stringFlag("the persons' e-mail address", "maria@example.com"),
      count: integerFlag("how many persons to send", 3, { min: 0, max: 100_000 }),
    },
  },
  runClient,
);
