import { describe, expect, test } from "vitest";
import type { IdentityEvents } from "./events.js";
import { cookieHeader, createTestWorld } from "../test/helpers.js";

describe("events", () => {
	test("every hook fires and no payload carries a password, hash, uniquifier or raw token", async () => {
		const seen: { name: string; json: string }[] = [];
		const record = (name: string) => (event: unknown) => {
			seen.push({ name, json: JSON.stringify(event) });
		};
		const names = ["loginSucceeded", "loginFailed", "loggedOut", "tokenIssued", "lockedOut", "passwordRehashed"] as const;
		const events = Object.fromEntries(names.map((n) => [n, record(n)])) as IdentityEvents;
		const world = await createTestWorld({ events, rateLimit: { maxPerIdentity: 1 } });
		const { identity, password } = world;
		const login = (body: object, cookie = "") =>
			identity.handle(
				new Request("http://localhost/identity/login", {
					method: "POST",
					headers: { "content-type": "application/json", accept: "application/json", cookie },
					body: JSON.stringify(body)
				})
			);
		const ok = await login({ username: "editor", password, remember: true });
		expect(ok.status).toBe(200);
		const { authenticationToken } = (await ok.json()) as { authenticationToken: string };
		await identity.handle(
			new Request("http://localhost/identity/logout", {
				method: "POST",
				headers: { accept: "application/json", origin: "http://localhost", cookie: cookieHeader(ok) }
			})
		);
		await login({ username: "writer", password: "wrong password" });
		await login({ username: "writer", password: "wrong password" });
		await new Promise((resolve) => setTimeout(resolve, 10));

		expect(new Set(seen.map((s) => s.name))).toEqual(new Set(["loginSucceeded", "tokenIssued", "loggedOut", "loginFailed", "lockedOut"]));
		const editor = (await world.store.findUser("editor"))!;
		const secrets = [password, "wrong password", editor.password, editor.uniquifier, world.users.editor.uniquifier, authenticationToken];
		const cookieValues = cookieHeader(ok).split("; ").map((c) => c.split("=")[1]!);
		for (const { name, json } of seen) {
			for (const secret of [...secrets, ...cookieValues]) expect(json, name).not.toContain(secret);
			expect(json, name).not.toMatch(/"password":|"uniquifier":|\$argon2|cookie|authorization/i);
		}
	});
});
