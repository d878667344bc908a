import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "remove answers the product but does not delete it",
    file: "server.ts",
    replace: ["products.delete(request.code);", ""],
    caughtBy: "remove of an added product answers that product, and list no longer has it",
  },
  {
    name: "remove answers ok for a code that is not there",
    file: "server.ts",
    replace: [/if \(product === undefined\) \{\n.*\n\s*\}\n/, ""],
    caughtBy: "remove of a missing code answers NOT_FOUND, and the connection stays open",
  },
];
