// One application instance on a PostgreSQL or MariaDB store, in its own process, for the throttle
// acceptance test (src/throttle-processes.test.ts bundles and starts it).
// argv: <postgres|mysql> <server url> <schema or database name> <rateLimit JSON>.
import { runThrottleInstance, type ThrottleLimits } from "@identity/testing/throttle-instance";
import { createKyselyStore } from "../src/index.js";
import { connectTestDatabase, type ServerKind } from "./databases.js";

const [kind, url, name, limits] = process.argv.slice(2);
if ((kind !== "postgres" && kind !== "mysql") || !url || !name || !limits) throw new Error("usage: throttle-instance <postgres|mysql> <url> <name> <limits>");
const db = connectTestDatabase(kind as ServerKind, url, name);
await runThrottleInstance({ store: createKyselyStore(db), close: () => db.destroy() }, JSON.parse(limits) as ThrottleLimits);
