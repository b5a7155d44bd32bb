// Runs under `bun test`, which maps the suite's `vitest` imports to `bun:test`.
import { describeStore } from "@identity/testing";
import { createBunSqliteDatabase } from "../src/index.js";
import { createKyselyStore } from "@identity/kysely";

describeStore("@identity/bun createBunSqliteStore (bun:sqlite)", async () => {
	const db = await createBunSqliteDatabase(":memory:");
	return { store: createKyselyStore(db), close: () => db.destroy() };
});
