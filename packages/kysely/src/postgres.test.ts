import { describeStore } from "@identity/testing";
import { openTestDatabase, testServer } from "../test/databases.js";
import { createKyselyStore, migrateToLatest } from "./index.js";

// Each run gets its own schema (search_path), dropped afterwards. IDENTITY_TEST_PG unset:
// skipped with a message, except under CI=true, where the suite fails instead.
const { skip } = testServer("postgres");

for (const options of [{}, { identityField: "email" }]) {
	describeStore(
		`kysely: PostgreSQL${options.identityField ? ", email field" : ""}`,
		async () => {
			const { db, drop } = await openTestDatabase("postgres");
			await migrateToLatest(db, options);
			return { store: createKyselyStore(db, options), close: drop };
		},
		{ skip }
	);
}
