import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createNodeSqliteStore } from "./node-sqlite.js";
import { createSqliteStore } from "./sqlite.js";

// IDENTITY_DATABASE_URL holds a SQLite path or a server URL (the CLI takes both); an app that hands
// a server URL to the SQLite store must hear so, not get a file named "postgres:" in its directory.
describe("a SQLite store given a database URL", () => {
	for (const [name, open] of [
		["createSqliteStore", createSqliteStore],
		["createNodeSqliteStore", createNodeSqliteStore]
	] as const) {
		test(`${name} refuses it with a StoreError naming the fix, without the URL's password, and creates no file`, async () => {
			const error = await open("postgres://app:hunter2-secret@127.0.0.1/app").catch((e: unknown) => e);
			expect(error).toMatchObject({ code: "ERR_STORE" });
			expect((error as Error).message).toMatch(/takes a file path, not a postgres:\/\/ URL.*createKyselyStore/);
			expect((error as Error).message).not.toContain("hunter2");
			expect(existsSync("postgres:")).toBe(false);
		});
	}
});
