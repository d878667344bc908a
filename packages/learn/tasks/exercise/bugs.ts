import type { PlantedBug } from "../../src/planted-bug.ts";

/** "No SQLite at all": the products in a JSON file, rewritten on every add (same API, same replies). */
const JSON_FILE_STORE = `export class ProductDatabase {
  private constructor(private readonly file: string, private readonly products: Product[]) {}
  static open(file: string): ProductDatabase {
    const store = new ProductDatabase(file, existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : readCatalog());
    store.save();
    return store;
  }
  add(product: Product): boolean {
    if (this.get(product.code) !== undefined) return false;
    this.products.push(product);
    this.save();
    return true;
  }
  list = (): Product[] => [...this.products];
  get = (code: number): Product | undefined => this.products.find((each) => each.code === code);
  close(): void {}
  private save = () => this.file === ":memory:" || writeFileSync(this.file, JSON.stringify(this.products));
}
`;

// Planted in a copy of apps/exercise (the task's solution).
export const bugs: readonly PlantedBug[] = [
  {
    id: "json-file",
    name: "no SQLite at all: a JSON file rewritten on every add",
    edits: [
      {
        file: "product-database.ts",
        from: 'import { readFileSync } from "node:fs";',
        to: 'import { existsSync, readFileSync, writeFileSync } from "node:fs";',
      },
      { file: "product-database.ts", from: /export class ProductDatabase \{[\s\S]*?\n\}\n/, to: JSON_FILE_STORE },
    ],
    caughtBy: "db-created",
  },
  {
    id: "db-flag-ignored",
    name: "--db ignored: the products in memory, gone at every restart",
    edits: [{ file: "product-database.ts", from: "new Database(file,", to: 'new Database(":memory:",' }],
    caughtBy: "db-created",
  },
  {
    id: "list-by-code",
    name: "`list` ordered by code, not by the order added",
    edits: [{ file: "product-database.ts", from: "ORDER BY id", to: "ORDER BY code" }],
    caughtBy: "list-order",
  },
  {
    id: "sql-by-concatenation",
    name: "building SQL by pasting the product into it (string concatenation)",
    edits: [
      {
        file: "product-database.ts",
        from: "this.insertProduct.run(productToRow(product));",
        to: "const row = productToRow(product);\n      this.db.exec(`INSERT INTO products (code, name, price, colors) VALUES (${row.code}, '${row.name}', ${row.price}, '${row.colors}')`);",
      },
    ],
    caughtBy: "sql-looking-name",
  },
  {
    id: "catalog-every-start",
    name: "filling the database from the catalog on every start, not only when it is new",
    edits: [
      {
        file: "product-database.ts",
        from: /if \(db\.pragma\("user_version", \{ simple: true \}\) === 0\) (createAndSeed\(db, readCatalog\(\)\);[\s\S]*?)db\.exec\(SCHEMA\);/,
        to: '$1db.exec(SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));',
      },
    ],
    caughtBy: "survives-sigterm",
  },
  {
    id: "committed-on-close",
    name: "the adds are committed only when the server closes the database (one transaction): kill -9 loses them",
    edits: [
      {
        file: "product-database.ts",
        from: "this.insertProduct = db.prepare(INSERT);",
        to: 'this.insertProduct = db.prepare(INSERT);\n    db.exec("BEGIN");',
      },
      {
        file: "product-database.ts",
        from: "  close(): void {\n",
        to: '  close(): void {\n    this.db.exec("COMMIT");\n',
      },
    ],
    caughtBy: "survives-kill-9",
  },
  {
    id: "duplicate-not-recognized",
    name: "the duplicate check compares the wrong error code (SQLITE_CONSTRAINT), so a duplicate is not DUPLICATE_CODE",
    edits: [{ file: "product-database.ts", from: '=== "SQLITE_CONSTRAINT_UNIQUE"', to: '=== "SQLITE_CONSTRAINT"' }],
    caughtBy: "add-then-get",
  },
  {
    id: "get-code-coerced",
    name: "get's code taken as any number or text (z.coerce), not as add checks it",
    edits: [
      {
        file: "server.ts",
        from: 'get: z.strictObject({ op: z.literal("get"), code: ProductCodeSchema })',
        to: 'get: z.strictObject({ op: z.literal("get"), code: z.coerce.number() })',
      },
    ],
    caughtBy: "get-bad-code",
  },
  {
    id: "get-loose",
    name: "get is a loose object: unknown fields are let through",
    edits: [
      {
        file: "server.ts",
        from: 'get: z.strictObject({ op: z.literal("get")',
        to: 'get: z.looseObject({ op: z.literal("get")',
      },
    ],
    caughtBy: "get-bad-code",
  },
  {
    id: "missing-is-ok",
    name: "get of a missing code answers ok (with no product), not NOT_FOUND",
    edits: [{ file: "server.ts", from: /if \(product === undefined\)[\s\S]*?NOT_FOUND[^\n]*\n/, to: "" }],
    caughtBy: "get",
  },
];
