import type { PlantedBug } from "../../src/planted-bug.ts";

// Planted in a copy of apps/exercise (the task's solution), in its product-database.ts.
export const bugs: readonly PlantedBug[] = [
  {
    name: "building SQL by pasting the product into it (string concatenation)",
    file: "product-database.ts",
    replace: [
      "this.insertProduct.run(productToRow(product));",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted code is a template literal, on purpose
      "const row = productToRow(product);\n      this.db.exec(`INSERT INTO products (code, name, price, colors) VALUES (${row.code}, '${row.name}', ${row.price}, '${row.colors}')`);",
    ],
    caughtBy: "a name that looks like SQL is stored and returned verbatim",
  },
  {
    name: "filling the database from the catalog on every start, not only when it is new",
    file: "product-database.ts",
    replace: [
      /if \(db\.pragma\("user_version", \{ simple: true \}\) === 0\) (createAndSeed\(db, readCatalog\(\)\);[\s\S]*?)db\.exec\(SCHEMA\);/,
      '$1db.exec(SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));',
    ],
    caughtBy: "products survive a restart (stopped with SIGTERM), and the catalog is not added again",
  },
];
