// The exercise's answer: the products in SQLite instead of memory, so they survive a
// restart (and a crash), and `get` finds one by code without reading them all.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Product, ProductSchema } from "@socket-lessons/protocol";
import Database from "better-sqlite3";

/** Where the database lives unless --db says otherwise: next to the catalog, git-ignored. */
export const DEFAULT_DATABASE_PATH = path.resolve(import.meta.dirname, "../data/products.db");
const CATALOG_PATH = path.resolve(import.meta.dirname, "../data/catalog.json");

/**
 * How long a query waits for another program's lock on the file before giving up (SQLite's
 * busy timeout; better-sqlite3's default is 5 s). better-sqlite3 is synchronous: while a query
 * waits, the event loop waits with it, and so does every other client. So the wait is short,
 * and once a query has found the file locked, the next ones do not wait at all until a write
 * gets through again: a lock held for a minute costs the other clients one wait of 100 ms,
 * not 100 ms per request. (Reads seldom wait: with write-ahead logging, below, a writer does
 * not block them.)
 */
export const BUSY_TIMEOUT_MS = 100;

/**
 * The database could not do what was asked: locked by another program, or failing (a disk
 * error, a damaged file, a table someone dropped). The server's fault, not the client's: it
 * answers INTERNAL with this message, and goes on serving.
 */
export class DatabaseError extends Error {
  override name = "DatabaseError";
}

/** Bumped when the schema changes; SQLite keeps it in the file (PRAGMA user_version). */
const SCHEMA_VERSION = 1;

// `id` keeps the order products were added in (list replies in that order); `code` is the
// product's own number, and UNIQUE makes the database itself refuse a second one: even two
// clients (or two servers) adding the same code at the same moment get one success and one
// DUPLICATE_CODE.
const SCHEMA = `
  CREATE TABLE products (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    code   INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 2147483647),
    name   TEXT    NOT NULL,
    price  REAL    NOT NULL CHECK (price >= 0),
    colors TEXT    NOT NULL  -- a JSON array of strings
  )`;

const INSERT = "INSERT INTO products (code, name, price, colors) VALUES (@code, @name, @price, @colors)";

/** A row as the queries return it: colors still as the JSON text they are stored in. */
type ProductRow = Omit<Product, "colors"> & { colors: string };

const rowToProduct = (row: ProductRow): Product => ({ ...row, colors: JSON.parse(row.colors) as string[] });
const productToRow = (product: Product): ProductRow => ({ ...product, colors: JSON.stringify(product.colors) });

/**
 * The products, in a SQLite file. Every query is a statement prepared once, with named
 * parameters (`@code`): the values travel apart from the SQL, so a name such as
 * `x'); DROP TABLE products; --` is stored as the text it is, never run as SQL.
 */
export class ProductDatabase {
  private readonly insertProduct: Database.Statement<[ProductRow]>;
  private readonly selectAll: Database.Statement<[], ProductRow>;
  private readonly selectByCode: Database.Statement<[{ code: number }], ProductRow>;
  /** A query found the file locked, and no write has got through since: do not wait again. */
  private locked = false;

  private constructor(private readonly db: Database.Database) {
    this.insertProduct = db.prepare(INSERT);
    this.selectAll = db.prepare("SELECT code, name, price, colors FROM products ORDER BY id");
    this.selectByCode = db.prepare("SELECT code, name, price, colors FROM products WHERE code = @code");
  }

  /** Opens (or creates) the database; a new one gets the schema and the sample catalog. */
  static open(file: string): ProductDatabase {
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      // Write-ahead logging: a commit is one append to the log, readers never wait for the
      // writer, and a crash (even kill -9) loses nothing that was committed.
      db.pragma("journal_mode = WAL");
      if (db.pragma("user_version", { simple: true }) === 0) createAndSeed(db, readCatalog());
    } catch (error) {
      db.close();
      throw error;
    }
    return new ProductDatabase(db);
  }

  /** Adds a product; false when one with the same code is already there. */
  add(product: Product): boolean {
    const added = this.query(() => {
      try {
        this.insertProduct.run(productToRow(product));
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return false;
        throw error;
      }
    });
    if (this.locked) {
      // A write got through: the lock is gone, so a later one may wait for a lock again.
      this.locked = false;
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    return added;
  }

  /** Every product, in the order added. */
  list(): Product[] {
    return this.query(() => this.selectAll.all().map(rowToProduct));
  }

  /** The product with this code, if there is one. */
  get(code: number): Product | undefined {
    const row = this.query(() => this.selectByCode.get({ code }));
    return row === undefined ? undefined : rowToProduct(row);
  }

  /** Runs one query; SQLite's failures become a DatabaseError that says what happened. */
  private query<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      if (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_")) {
        this.locked = true;
        this.db.pragma("busy_timeout = 0"); // until a write gets through (see BUSY_TIMEOUT_MS)
        throw new DatabaseError("the database is locked by another program; try again later");
      }
      throw new DatabaseError(`the database failed: ${error.message}`);
    }
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
    const insert = db.prepare<[ProductRow]>(INSERT);
    for (const product of catalog) insert.run(productToRow(product));
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** The committed sample catalog, checked like any other input. */
function readCatalog(): Product[] {
  const catalog: unknown = JSON.parse(readFileSync(CATALOG_PATH, "utf8"));
  if (!Array.isArray(catalog)) throw new Error(`${CATALOG_PATH} must hold a JSON array of products`);
  return catalog.map((item) => ProductSchema.parse(item));
}
