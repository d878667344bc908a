import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the v4 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "remove-keeps-product",
    name: "remove answers the product but does not delete it",
    edits: [{ file: "server.ts", from: "products.delete(request.code);", to: "" }],
    caughtBy: "remove-answers-product",
  },
  {
    id: "remove-missing-ok",
    name: "remove answers ok for a code that is not there",
    edits: [{ file: "server.ts", from: /if \(product === undefined\) \{\n.*\n\s*\}\n/, to: "" }],
    caughtBy: "remove-missing",
  },
  {
    id: "code-as-text",
    name: "the code taken as any number or text (z.coerce), not as add checks it",
    edits: [{ file: "server.ts", from: "code: ProductCodeSchema })", to: "code: z.coerce.number() })" }],
    caughtBy: "bad-codes",
  },
  {
    id: "unknown-fields-allowed",
    name: "a loose object: unknown fields are let through",
    edits: [
      {
        file: "server.ts",
        from: 'remove: z.strictObject({ op: z.literal("remove")',
        to: 'remove: z.looseObject({ op: z.literal("remove")',
      },
    ],
    caughtBy: "unknown-fields",
  },
  {
    id: "hard-coded-name",
    name: "the client's `removed product` line says the name the checker always used",
    edits: [
      {
        file: "bin/client.ts",
        from: "[`removed product ${reply.product.code}: ${reply.product.name}`]",
        to: "[`removed product ${reply.product.code}: Pen`]",
      },
    ],
    caughtBy: "client-remove",
  },
  {
    id: "remove-shown-as-table",
    name: "the client prints a removed product as v4 prints any product (a table), not as one line",
    edits: [
      {
        file: "bin/client.ts",
        from: /\n\s*\/\/ One line, as for add[^\n]*\n\s*describeReply:[^\n]*\n[^\n]*\n/,
        to: "\n",
      },
    ],
    caughtBy: "client-remove",
  },
  {
    id: "mistakes-forgotten",
    name: "the client's exit status counts refused requests but forgets typing mistakes",
    edits: [
      {
        file: "client.ts",
        from: "return refused + commands.mistakes() > 0 ? 1 : 0;",
        to: "return refused > 0 ? 1 : 0;",
      },
    ],
    caughtBy: "client-typing-mistake",
  },
];
