import { describe, expect, test } from "vitest";
import { createTestWorld } from "../../test/helpers.js";
import { IdentityError } from "../errors.js";
import { createDefaultHasher } from "./default-hasher.js";
import type { PasswordHasher } from "./hasher.js";

/**
 * The default hasher, with a switch that makes every call fail as the worker pool fails when its
 * worker dies (`ERR_HASHER`). Found by the soak: such failures were answered as wrong passwords
 * (401) and counted towards the account's lockout.
 */
function switchableHasher(): PasswordHasher & { down: boolean } {
	const inner = createDefaultHasher();
	const fail = () => Promise.reject(new IdentityError("ERR_HASHER", "Password worker stopped"));
	const hasher = {
		down: false,
		hash: (password: string) => (hasher.down ? fail() : inner.hash(password)),
		verify: (password: string, hash: string) => (hasher.down ? fail() : inner.verify(password, hash)),
		verifyForeign: (password: string, hash: string) => (hasher.down ? fail() : inner.verifyForeign!(password, hash)),
		recognizes: (hash: string) => inner.recognizes(hash),
		needsRehash: (hash: string) => inner.needsRehash(hash)
	};
	return hasher;
}

const login = (username: string, password: string) =>
	new Request("http://localhost/identity/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });

describe("a hasher that cannot run is an outage, not a wrong password", () => {
	test("POST /identity/login answers 503 for known and unknown users alike, counts no failure, and works again once the hasher is back", async () => {
		const hasher = switchableHasher();
		const { identity, password } = await createTestWorld({
			password: { hasher },
			rateLimit: { maxPerIdentity: 5, maxPerAddress: 3 },
			getClientAddress: () => "203.0.113.9"
		});
		hasher.down = true;
		// Twelve attempts from one address with a budget of 3 failures: had any counted as a failure, the
		// address would be locked (429) before the end and after it.
		const attempts = [["plain", password], ["plain", "a wrong password"], ...Array.from({ length: 10 }, (_, i) => [`nobody-${i}`, password])];
		for (const [name, pw] of attempts) {
			const response = await identity.handle(login(name!, pw!));
			expect([name, response.status]).toEqual([name, 503]);
			expect(await response.json()).toMatchObject({ error: "unavailable" });
		}
		hasher.down = false;
		const ok = await identity.handle(login("plain", password));
		expect(ok.status).toBe(200);
	});

	test("a Basic-authenticated guard answers 503, never 401, while the hasher is down", async () => {
		const hasher = switchableHasher();
		const { identity, password } = await createTestWorld({ password: { hasher }, authMethods: ["basic"] });
		const guarded = identity.authRequired(() => new Response("in"), "basic");
		const basic = new Request("http://localhost/api", { headers: { authorization: `Basic ${btoa(`plain:${password}`)}` } });
		hasher.down = true;
		expect((await guarded(basic)).status).toBe(503);
		hasher.down = false;
		expect((await guarded(basic.clone())).status).toBe(200);
	});

	test("identity.verifyPassword() rejects with ERR_HASHER instead of answering false", async () => {
		const hasher = switchableHasher();
		const { identity, password, users } = await createTestWorld({ password: { hasher } });
		hasher.down = true;
		await expect(identity.verifyPassword(password, users.plain.password!)).rejects.toMatchObject({ code: "ERR_HASHER" });
	});
});
