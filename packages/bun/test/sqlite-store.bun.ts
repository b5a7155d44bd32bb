// Runs under `bun test`, which maps the suite's `vitest` imports to `bun:test`.
import { describeStore } from "@identity/testing";
import { describe, expect, test } from "vitest";
import { createBunSqliteDatabase, createBunSqliteStore } from "../src/index.js";
import { createKyselyStore } from "@identity/kysely";

describeStore("@identity/bun createBunSqliteStore (bun:sqlite)", async () => {
	const db = await createBunSqliteDatabase(":memory:");
	return { store: createKyselyStore(db), close: () => db.destroy() };
});

describe("createBunSqliteStore given a database URL", () => {
	test("refuses it with a StoreError naming the fix and not the URL's password", async () => {
		const error = await createBunSqliteStore("mysql://root:hunter2-secret@127.0.0.1/app").catch((e: unknown) => e);
		expect(error).toMatchObject({ code: "ERR_STORE" });
		expect((error as Error).message).toMatch(/takes a file path, not a mysql:\/\/ URL/);
		expect((error as Error).message).not.toContain("hunter2");
	});
});
