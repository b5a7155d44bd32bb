import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Server } from "bun";
import { createIdentity, type Identity } from "@identity/core";
import { createFixtureRoutes, FIXTURE_SECRET, fixtureUsers, seedFixtureUsers } from "@identity/testing/fixture";
import { createBunPasswordHasher, createBunSqliteStore } from "../src/index.js";

let server: Server<undefined>;
let identity: Identity;

beforeAll(async () => {
	identity = createIdentity({
		store: await createBunSqliteStore(":memory:"),
		secret: FIXTURE_SECRET,
		password: { hasher: createBunPasswordHasher() },
		getClientAddress: (request) => server.requestIP(request)?.address ?? null
	});
	await seedFixtureUsers(identity.store, identity.hashPassword);
	// Core's guards go into Bun's `routes` unchanged; `fetch` takes what the routes do not match.
	server = Bun.serve({ port: 0, hostname: "127.0.0.1", routes: createFixtureRoutes(identity), fetch: identity.handle });
});
afterAll(() => server.stop(true));

test("Bun.serve routes run core guards unchanged; logins record the client address", async () => {
	const url = server.url.href.replace(/\/$/, "");
	expect((await fetch(`${url}/admin`, { headers: { accept: "application/json" } })).status).toBe(401);
	const login = await fetch(`${url}/identity/login`, {
		method: "POST",
		headers: { "content-type": "application/json", accept: "application/json" },
		body: JSON.stringify({ username: fixtureUsers.admin.username, password: fixtureUsers.admin.password })
	});
	expect(login.status).toBe(200);
	expect(login.headers.getSetCookie().length).toBeGreaterThanOrEqual(1);
	const { authenticationToken } = (await login.json()) as { authenticationToken: string };
	const admin = await fetch(`${url}/admin`, { headers: { authorization: `Bearer ${authenticationToken}` } });
	expect(await admin.json()).toEqual({ page: "admin" });
	expect((await identity.store.findUser(fixtureUsers.admin.username))?.currentLoginAddress).toBe("127.0.0.1");
});

test("a user hashed with the Bun hasher logs in; the hash is core's Argon2id format", async () => {
	const user = await identity.store.findUser(fixtureUsers.editor.username);
	expect(user?.password.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
	expect(await identity.verifyPassword(fixtureUsers.editor.password, user!.password)).toBe(true);
});
