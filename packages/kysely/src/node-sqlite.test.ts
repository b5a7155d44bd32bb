import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, verifyPassword } from "@identity/core";
import { describeStore } from "@identity/testing";
import { describe, expect, test } from "vitest";
import { createKyselyStore } from "./index.js";
import { createNodeSqliteDatabase, createNodeSqliteStore } from "./node-sqlite.js";
import { createSqliteDatabase } from "./sqlite.js";

// node:sqlite ships with Node 22.13+ (and Deno, which examples/deno runs it under). On this
// repository's Node 20 only the refusal is checked here; scripts/test-node-versions.sh runs this
// file under Node 22 and 24, where the whole store suite runs.
const available = await import("node:sqlite" as string).then(
	() => true,
	() => false
);
if (!available) console.warn(`\n*** SKIPPED: the node:sqlite store suite needs Node 22.13+ (this is ${process.version}); scripts/test-node-versions.sh runs it ***\n`);

describe.skipIf(available)("kysely: node:sqlite where the runtime has none", () => {
	test("opening is a StoreError that names the runtimes it needs and the alternative", async () => {
		const error = await createNodeSqliteStore(":memory:").catch((e: unknown) => e);
		expect(error).toMatchObject({ code: "ERR_STORE" });
		expect((error as Error).message).toMatch(/node:sqlite.*Deno 2\.2\+ or Node 22\.13\+.*createSqliteStore/);
	});
});

if (available) {
	describeStore("kysely: node:sqlite :memory:", async () => {
		const db = await createNodeSqliteDatabase(":memory:");
		return { store: createKyselyStore(db), close: () => db.destroy() };
	});

	describe("kysely: node:sqlite file", () => {
		test("a file either driver wrote opens with the other, users and roles intact", async () => {
			const dir = mkdtempSync(join(tmpdir(), "identity-node-sqlite-"));
			const filename = join(dir, "identity.db");
			try {
				const first = await createNodeSqliteDatabase(filename);
				const written = createKyselyStore(first);
				await written.createRole({ name: "admin" });
				await written.createUser({ username: "alice", password: await hashPassword("correct horse battery"), roles: ["admin"] });
				await first.destroy();

				const second = await createSqliteDatabase(filename);
				const read = createKyselyStore(second);
				const alice = await read.findUser("alice");
				expect(alice?.roles).toEqual(["admin"]);
				expect(await verifyPassword("correct horse battery", alice!.password!)).toBe(true);
				await read.createUser({ username: "bob", password: await hashPassword("another passphrase") });
				await second.destroy();

				const third = await createNodeSqliteStore(filename);
				expect((await third.listUsers()).map((u) => u.username).sort()).toEqual(["alice", "bob"]);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		});

		test("a directory that does not exist is a StoreError, not a crash", async () => {
			await expect(createNodeSqliteStore("/nonexistent-dir/identity.db")).rejects.toMatchObject({ code: "ERR_STORE" });
		});
	});
}
