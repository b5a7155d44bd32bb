import { createIdentity } from "@identity/core";
import { FIXTURE_SECRET } from "@identity/testing";
import { describe, expect, test } from "vitest";
import { createKyselyStore } from "./index.js";
import { createSqliteDatabase } from "./sqlite.js";

/** Core's guards and login on the real SQLite store (core's own tests run on its memory store). */
describe("@identity/core on SQLite", () => {
	test("a login on SQLite authenticates the next request; a closed database makes the guard answer 503", async () => {
		const db = await createSqliteDatabase(":memory:");
		const store = createKyselyStore(db);
		// No user cache: the closed database must be hit (with the cache, the user would be served from it).
		const identity = createIdentity({ store, secret: FIXTURE_SECRET, userCache: false });
		const user = await store.createUser({ username: "ann", password: await identity.hashPassword("correct horse battery") });
		const login = new Request("http://localhost/login", { method: "POST" });
		expect(await identity.loginUser(login, user)).toBe(true);
		const cookie = identity
			.applyCookies(login, new Response(null))
			.headers.getSetCookie()
			.map((c) => c.split(";")[0])
			.join("; ");
		const guarded = identity.loginRequired((request) => Response.json({ user: identity.currentUser(request).username }));
		const ok = await guarded(new Request("http://localhost/me", { headers: { cookie, accept: "application/json" } }));
		expect(await ok.json()).toEqual({ user: "ann" });

		await db.destroy();
		const down = await guarded(new Request("http://localhost/me", { headers: { cookie, accept: "application/json" } }));
		expect(down.status).toBe(503);
		expect(await down.json()).toMatchObject({ error: "unavailable" });
	});
});
