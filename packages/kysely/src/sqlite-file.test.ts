import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStore } from "@identity/testing";
import { createKyselyStore } from "./index.js";
import { createSqliteDatabase } from "./sqlite.js";

// A real file in WAL mode, reopened once so the suite runs against tables migrated earlier.
describeStore("kysely: SQLite file", async () => {
	const dir = mkdtempSync(join(tmpdir(), "identity-sqlite-"));
	const filename = join(dir, "identity.db");
	await (await createSqliteDatabase(filename)).destroy();
	const db = await createSqliteDatabase(filename);
	return {
		store: createKyselyStore(db),
		async close() {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
});
