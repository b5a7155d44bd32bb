import { describeStore } from "@identity/testing";
import { createKyselyStore } from "./index.js";
import { createSqliteDatabase } from "./sqlite.js";

describeStore("kysely: SQLite :memory:", async () => {
	const db = await createSqliteDatabase(":memory:");
	return { store: createKyselyStore(db), close: () => db.destroy() };
});

describeStore("kysely: SQLite :memory:, email field, custom prefix", async () => {
	const options = { identityField: "email", tablePrefix: "auth_" };
	const db = await createSqliteDatabase(":memory:", options);
	return { store: createKyselyStore(db, options), close: () => db.destroy() };
});
