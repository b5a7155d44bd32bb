export { createBunPasswordHasher } from "./password-hasher.js";
export type { BunPasswordHasherOptions } from "./password-hasher.js";
export { createBunSqliteDialect, toSqliteDatabase } from "./sqlite-database.js";
export { createBunSqliteDatabase, createBunSqliteStore } from "./sqlite-store.js";
