import { createIdentity } from "@identity/core";
import { createSqliteStore } from "@identity/kysely/sqlite";
import { bench, describe } from "vitest";
import { seedDemo } from "../src/seed.js";
import { request, secret } from "./helpers.js";

// The default (argon2id) hasher and no rate limit: unknown-user and wrong-password logins through the
// real route should cost the same; compare the two means in one run (a ratio near 1).
const store = await createSqliteStore(":memory:");
const identity = createIdentity({ store, secret, rateLimit: false });
await seedDemo(identity);
const login = (username: string, password: string) =>
	identity.handle(request("/identity/login", { json: { username, password } }));

describe("POST /identity/login failure cost", () => {
	bench("unknown user", async () => {
		await login("nobody-at-all", "some-password");
	}, { iterations: 10, warmupIterations: 2 });
	bench("wrong password", async () => {
		await login("admin", "some-password");
	}, { iterations: 10, warmupIterations: 2 });
});
