import { describeStore } from "@identity/testing";
import { openTestDatabase, testServer } from "../test/databases.js";
import { createKyselyStore, migrateToLatest } from "./index.js";

// Each run gets its own database, dropped afterwards. IDENTITY_TEST_MYSQL unset: skipped with a
// message, except under CI=true, where the suite fails instead.
const { skip } = testServer("mysql");

for (const options of [{}, { identityField: "email" }]) {
	describeStore(
		`kysely: MariaDB/MySQL${options.identityField ? ", email field" : ""}`,
		async () => {
			const { db, drop } = await openTestDatabase("mysql");
			await migrateToLatest(db, options);
			return { store: createKyselyStore(db, options), close: drop };
		},
		{ skip }
	);
}
