// The exercise's answer: the products in SQLite instead of memory, so they survive a
// restart (and a crash), and `get` finds one by code without reading them all.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Product, ProductSchema } from "@socket-lessons/protocol";
import Database from "better-sqlite3";

/** Where the database lives unless --db says otherwise: next to the catalog, git-ignored. */
export const DEFAULT_DATABASE_PATH = path.resolve(import.meta.dirname, "../data/products.db");
const CATALOG_PATH = path.resolve(import.meta.dirname, "../data/catalog.json");

/** Bumped when the schema changes; SQLite keeps it in the file (PRAGMA user_version). */
const SCHEMA_VERSION = 1;

// `id` keeps the order products were added in (list replies in that order); `code` is the
// product's own number, and UNIQUE makes the database itself refuse a second one: even two
// clients adding the same code at the same moment get one success and one DUPLICATE_CODE.
const SCHEMA = `
  CREATE TABLE products (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    code   INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 2147483647),
    name   TEXT    NOT NULL,
    price  REAL    NOT NULL CHECK (price >= 0),
    colors TEXT    NOT NULL  -- a JSON array of strings
  )`;

const INSERT = "INSERT INTO products (code, name, price, colors) VALUES (?, ?, ?, ?)";

/** A row as the queries below return it: the selected columns, in order (`raw()`). */
type ProductRow = [code: number, name: string, price: number, colors: string];

const rowToProduct = ([code, name, price, colors]: ProductRow): Product => ({
  code,
  name,
  price,
  colors: JSON.parse(colors) as string[],
});

/**
 * The products, in a SQLite file. Every query is a statement prepared once, with `?`
 * parameters: the values travel apart from the SQL, so a name such as
 * `x'); DROP TABLE products; --` is stored as the text it is, never run as SQL.
 */
export class ProductDatabase {
  private readonly insertProduct: Database.Statement<[number, string, number, string]>;
  private readonly selectAll: Database.Statement<[], ProductRow>;
  private readonly selectByCode: Database.Statement<[number], ProductRow>;

  private constructor(private readonly db: Database.Database) {
    this.insertProduct = db.prepare(INSERT);
    // raw(): rows as arrays, cheaper to build than objects with named fields (a `get` is
    // the request a busy server answers most).
    this.selectAll = db.prepare<[], ProductRow>("SELECT code, name, price, colors FROM products ORDER BY id").raw();
    this.selectByCode = db
      .prepare<[number], ProductRow>("SELECT code, name, price, colors FROM products WHERE code = ?")
      .raw();
  }

  /** Opens (or creates) the database; a new one gets the schema and the sample catalog. */
  static open(file: string): ProductDatabase {
    // `timeout`: how long to wait for a file another program holds (a server still stopping).
    const db = new Database(file, { timeout: 1000 });
    try {
      // The server is the database's only user: it locks the file once, for as long as it
      // runs, instead of twice per query (a system call each: nearly half the time of a
      // `get` under load). The price: while it runs, no other program can open the file.
      db.pragma("locking_mode = EXCLUSIVE");
      // Write-ahead logging: a commit is one append to the log, readers never wait for the
      // writer, and a crash (even kill -9) loses nothing that was committed.
      db.pragma("journal_mode = WAL");
      if (db.pragma("user_version", { simple: true }) === 0) createAndSeed(db, readCatalog());
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === "SQLITE_BUSY")
        throw new Error(
          `${file} is in use by another program (another server?): a server keeps its database while it runs`,
        );
      throw error;
    }
    return new ProductDatabase(db);
  }

  /** Adds a product; false when one with the same code is already there. */
  add(product: Product): boolean {
    try {
      this.insertProduct.run(product.code, product.name, product.price, JSON.stringify(product.colors));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return false;
      throw error;
    }
  }

  /** Every product, in the order added. */
  list(): Product[] {
    return this.selectAll.all().map(rowToProduct);
  }

  /** The product with this code, if there is one. */
  get(code: number): Product | undefined {
    const row = this.selectByCode.get(code);
    return row === undefined ? undefined : rowToProduct(row);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Creates the table and fills it from the catalog, in one transaction: a crash halfway
 * leaves the file as it was (user_version still 0), and the next start does it again.
 */
function createAndSeed(db: Database.Database, catalog: Product[]): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const insert = db.prepare(INSERT);
    for (const product of catalog)
      insert.run(product.code, product.name, product.price, JSON.stringify(product.colors));
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** The committed sample catalog, checked like any other input. */
function readCatalog(): Product[] {
  const catalog: unknown = JSON.parse(readFileSync(CATALOG_PATH, "utf8"));
  if (!Array.isArray(catalog)) throw new Error(`${CATALOG_PATH} must hold a JSON array of products`);
  return catalog.map((item) => ProductSchema.parse(item));
}
