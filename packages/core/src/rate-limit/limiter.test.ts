import { describe, expect, test } from "vitest";
import type { IdentityStore } from "../store.js";
import { addressKey, identityKey } from "./keys.js";
import { createRateLimiter, storeAttemptStorage } from "./limiter.js";
import { createMemoryAttemptStorage } from "./memory-storage.js";

const settings = { maxPerIdentity: 5, maxPerAddress: 20, windowSeconds: 900 };
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** One failed login as the route runs it: begin, then fail. */
async function failOnce(limiter: ReturnType<typeof createRateLimiter>, subject: { identity: string | null; address: string | null }, now: Date) {
	const refused = await limiter.begin(subject, now);
	return refused ? { refused } : { lockout: await limiter.fail(subject, now) };
}

describe("createRateLimiter()", () => {
	test("limits an identity after maxPerIdentity failures, with Retry-After seconds", async () => {
		const limiter = createRateLimiter(settings, createMemoryAttemptStorage());
		const subject = { identity: "alice", address: "203.0.113.7" };
		for (let i = 0; i < 4; i++) expect(await failOnce(limiter, subject, at(i))).toEqual({ lockout: null });
		expect(await failOnce(limiter, subject, at(4))).toEqual({ lockout: { key: "identity", retryAfterSeconds: 896 } });
		expect(await limiter.check(subject, at(100))).toEqual({ key: "identity", retryAfterSeconds: 800 });
		expect(await limiter.begin(subject, at(100))).toEqual({ key: "identity", retryAfterSeconds: 800 });
		// The window ends 900 s after the first attempt.
		expect(await limiter.check(subject, at(900))).toBeNull();
		expect(await limiter.begin(subject, at(900))).toBeNull();
	});

	test("begin() counts concurrent attempts before any finishes: only maxPerIdentity get through", async () => {
		const limiter = createRateLimiter(settings, createMemoryAttemptStorage());
		const subject = { identity: "mallory-target", address: null };
		const results = await Promise.all(Array.from({ length: 50 }, () => limiter.begin(subject, t0)));
		expect(results.filter((r) => r === null)).toHaveLength(5);
	});

	test("counts identities case- and width-insensitively", async () => {
		const limiter = createRateLimiter({ ...settings, maxPerIdentity: 2 }, createMemoryAttemptStorage());
		await failOnce(limiter, { identity: "Alice", address: null }, t0);
		await failOnce(limiter, { identity: "ａｌｉｃｅ", address: null }, t0);
		expect(await limiter.check({ identity: "alice", address: null }, t0)).toMatchObject({ key: "identity" });
	});

	test("limits an address across identities", async () => {
		const limiter = createRateLimiter(settings, createMemoryAttemptStorage());
		for (let i = 0; i < 19; i++) expect(await failOnce(limiter, { identity: `user${i}`, address: "198.51.100.1" }, t0)).toEqual({ lockout: null });
		expect(await failOnce(limiter, { identity: "user19", address: "198.51.100.1" }, t0)).toEqual({
			lockout: { key: "address", retryAfterSeconds: 900 }
		});
		expect(await limiter.begin({ identity: "someone-else", address: "198.51.100.1" }, t0)).toEqual({ key: "address", retryAfterSeconds: 900 });
		expect(await limiter.begin({ identity: "someone-else", address: "198.51.100.2" }, t0)).toBeNull();
	});

	test("an IPv6 /64 shares one counter", async () => {
		const limiter = createRateLimiter({ ...settings, maxPerAddress: 3 }, createMemoryAttemptStorage());
		await failOnce(limiter, { identity: "a", address: "2001:db8:1:2::1" }, t0);
		await failOnce(limiter, { identity: "b", address: "2001:db8:1:2:ffff::9" }, t0);
		await failOnce(limiter, { identity: "c", address: "[2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd]" }, t0);
		expect(await limiter.check({ identity: "d", address: "2001:db8:1:2::42" }, t0)).toMatchObject({ key: "address" });
		expect(await limiter.check({ identity: "d", address: "2001:db8:1:3::42" }, t0)).toBeNull();
	});

	test("succeed() resets the identity counter but not the address counter", async () => {
		const limiter = createRateLimiter({ ...settings, maxPerIdentity: 2, maxPerAddress: 2 }, createMemoryAttemptStorage());
		const subject = { identity: "bob", address: "192.0.2.5" };
		await failOnce(limiter, subject, t0);
		expect(await limiter.begin(subject, t0)).toBeNull();
		await limiter.succeed(subject);
		await failOnce(limiter, { identity: "bob", address: null }, t0);
		expect(await limiter.check({ identity: "bob", address: null }, t0)).toBeNull();
		await failOnce(limiter, { identity: "carol", address: "192.0.2.5" }, t0);
		expect(await limiter.check({ identity: "dave", address: "192.0.2.5" }, t0)).toMatchObject({ key: "address" });
	});

	test("an attempt refused while limited is not counted again", async () => {
		const storage = createMemoryAttemptStorage();
		const other = createRateLimiter({ ...settings, maxPerAddress: 1 }, storage);
		await failOnce(other, { identity: "y", address: "192.0.2.10" }, t0);
		expect(await other.begin({ identity: "z", address: "192.0.2.10" }, t0)).toMatchObject({ key: "address" });
		// "z" was refused on the address before its identity counter was touched.
		expect(await storage.readAttempts("login:identity:z", t0)).toBeNull();
	});
});

describe("addressKey()", () => {
	test.each([
		["203.0.113.7", "203.0.113.7"],
		["::ffff:203.0.113.7", "203.0.113.7"],
		["2001:db8::1", "2001:db8:0:0::/64"],
		["2001:DB8:0:0:1:2:3:4", "2001:db8:0:0::/64"],
		["[2001:db8:abcd:12::1]", "2001:db8:abcd:12::/64"],
		["fe80::1%eth0", "fe80:0:0:0::/64"],
		["::1", "0:0:0:0::/64"]
	])("addressKey(%s) is %s", (input, expected) => {
		expect(addressKey(input)).toBe(expected);
	});

	test("addressKey() never throws on garbage", () => {
		for (const value of ["", "::::", "1:2:3:4:5:6:7:8:9", "zz::1", "not an address"]) {
			expect(typeof addressKey(value)).toBe("string");
		}
	});
});

describe("identityKey()", () => {
	test("identityKey() folds case and width", () => {
		expect(identityKey(" ＡＤＭＩＮ ")).toBe("admin");
	});
});

describe("createMemoryAttemptStorage()", () => {
	test("stays bounded under a flood of keys", async () => {
		const storage = createMemoryAttemptStorage();
		for (let i = 0; i < 10_050; i++) await storage.addAttempt(`k${i}`, 900, t0);
		expect(await storage.readAttempts("k0", t0)).toBeNull();
		expect(await storage.readAttempts("k10049", t0)).toEqual({ count: 1, resetAt: at(900) });
	});
});

describe("storeAttemptStorage()", () => {
	test("storeAttemptStorage() is null for a store without attempt methods", () => {
		expect(storeAttemptStorage({ identityField: "username" } as IdentityStore)).toBeNull();
	});
});
