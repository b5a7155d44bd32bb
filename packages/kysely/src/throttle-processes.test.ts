import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleThrottleInstance, describeThrottleAcceptance, startThrottleInstance } from "@identity/testing";
import { openTestDatabase, testServer, type ServerKind } from "../test/databases.js";
import { migrateToLatest } from "./index.js";

// The throttle's acceptance test (issue 9) on two Node processes sharing one database: each run
// gets its own schema (PostgreSQL) or database (MariaDB), dropped afterwards. The variable unset:
// skipped with a message, except under CI=true, where the suite fails instead.
const packageRoot = fileURLToPath(new URL("..", import.meta.url));

for (const [kind, label] of [["postgres", "PostgreSQL"], ["mysql", "MariaDB/MySQL"]] as [ServerKind, string][]) {
	describeThrottleAcceptance(
		`throttle across 2 processes on one ${label} store`,
		{
			skip: testServer(kind).skip,
			sharedStore: true,
			async start(limits, count) {
				const database = await openTestDatabase(kind);
				await migrateToLatest(database.db);
				const bundle = await bundleThrottleInstance(packageRoot, join(packageRoot, "test", "throttle-instance.ts"), ["pg", "mysql2", "kysely"]);
				const url = testServer(kind).url!;
				const instances = await Promise.all(Array.from({ length: count }, () => startThrottleInstance(bundle, [kind, url, database.name, JSON.stringify(limits)])));
				return {
					instances,
					async close() {
						await Promise.all(instances.map((i) => i.stop()));
						await database.drop();
					}
				};
			}
		},
		"store"
	);
}
