import { describe, expect, test } from "vitest";
import type { IdentityStore } from "../store.js";
import { storeCounters } from "./counters.js";
import { addressKey, identityKey } from "./keys.js";
import { createMemoryCounters } from "./memory-counters.js";
import { createLoginThrottle, limitOfKey, MAX_LOCK_SECONDS, type ThrottleSettings, type ThrottleSubject } from "./throttle.js";

const settings: ThrottleSettings = { maxPerIdentity: 5, maxPerAddress: 20, maxGlobal: 1000, windowSeconds: 900 };
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const memory = (s = settings, maxKeys = 100_000) => createMemoryCounters({ maxKeys, limitOf: limitOfKey(s) });
const subject = (account: string, address: string | null = null, device: string | null = null): ThrottleSubject => ({ account, address, device });

/** One failed login as the sequence runs it: admit, then (when admitted) failed. */
async function failOnce(throttle: ReturnType<typeof createLoginThrottle>, s: ThrottleSubject, now: Date) {
	const refused = await throttle.admit(s, now);
	return refused ? { refused } : { lockout: await throttle.failed(s, now) };
}

describe("createLoginThrottle()", () => {
	test("locks an account after maxPerIdentity failures, with Retry-After seconds", async () => {
		const throttle = createLoginThrottle(settings, memory());
		const alice = subject("user:1", "203.0.113.7");
		for (let i = 0; i < 4; i++) expect(await failOnce(throttle, alice, at(i))).toEqual({ lockout: null });
		expect(await failOnce(throttle, alice, at(4))).toEqual({ lockout: { key: "identity", retryAfterSeconds: 896 } });
		expect(await throttle.admit(alice, at(100))).toEqual({ key: "identity", retryAfterSeconds: 800 });
		expect(await throttle.admit(alice, at(900))).toBeNull();
	});

	test("admit() counts concurrent attempts before any finishes: only maxPerIdentity get through", async () => {
		const throttle = createLoginThrottle(settings, memory());
		const results = await Promise.all(Array.from({ length: 100 }, (_, i) => throttle.admit(subject("user:target", `198.51.100.${i % 50}`), t0)));
		expect(results.filter((r) => r === null)).toHaveLength(5);
	});

	test("backoff: each lockout doubles the next window, up to a day; a success clears it", async () => {
		const throttle = createLoginThrottle(settings, memory());
		const bob = subject("user:bob");
		let now = 0;
		const windows: number[] = [];
		for (let lockout = 0; lockout < 9; lockout++) {
			for (let i = 0; i < 5; i++) await failOnce(throttle, bob, at(now));
			const hit = await throttle.admit(bob, at(now));
			expect(hit?.key).toBe("identity");
			windows.push(hit!.retryAfterSeconds);
			now += hit!.retryAfterSeconds;
		}
		expect(windows.slice(0, 4)).toEqual([900, 1800, 3600, 7200]);
		expect(Math.max(...windows)).toBeLessThanOrEqual(MAX_LOCK_SECONDS);
		expect(windows.at(-1)).toBe(MAX_LOCK_SECONDS);
		expect(await throttle.admit(bob, at(now))).toBeNull();
		await throttle.succeeded(bob);
		for (let i = 0; i < 5; i++) await failOnce(throttle, bob, at(now));
		expect((await throttle.admit(bob, at(now)))?.retryAfterSeconds).toBe(900);
	});

	test("a known device is counted per device: a spray against the account does not lock its owner out", async () => {
		const throttle = createLoginThrottle(settings, memory());
		for (let i = 0; i < 50; i++) await failOnce(throttle, subject("user:carol", `192.0.2.${i}`), t0);
		expect(await throttle.admit(subject("user:carol", "192.0.2.200"), t0)).toMatchObject({ key: "identity" });
		expect(await throttle.admit(subject("user:carol", "192.0.2.200", "device-1"), t0)).toBeNull();
		// The device has its own budget.
		const device2 = subject("user:carol", null, "device-2");
		for (let i = 0; i < 5; i++) expect(await failOnce(throttle, device2, t0)).toEqual({ lockout: null });
		expect(await throttle.admit(device2, t0)).toMatchObject({ key: "identity" });
	});

	test("limits an address across accounts; an IPv6 /64 shares one counter", async () => {
		const throttle = createLoginThrottle({ ...settings, maxPerAddress: 3 }, memory({ ...settings, maxPerAddress: 3 }));
		await failOnce(throttle, subject("user:a", "2001:db8:1:2::1"), t0);
		await failOnce(throttle, subject("user:b", "2001:db8:1:2:ffff::9"), t0);
		expect(await failOnce(throttle, subject("user:c", "[2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd]"), t0)).toEqual({
			lockout: { key: "address", retryAfterSeconds: 900 }
		});
		expect(await throttle.admit(subject("user:d", "2001:db8:1:2::42"), t0)).toMatchObject({ key: "address" });
		expect(await throttle.admit(subject("user:d", "2001:db8:1:3::42"), t0)).toBeNull();
	});

	test("a global failed-login budget stops a spray from many addresses; known devices still get in", async () => {
		const small = { ...settings, maxGlobal: 30 };
		const throttle = createLoginThrottle(small, memory(small));
		for (let i = 0; i < 30; i++) await failOnce(throttle, subject(`user:${i}`, `203.0.113.${i}`), t0);
		expect(await throttle.admit(subject("user:new", "198.51.100.9"), t0)).toMatchObject({ key: "global" });
		expect(await throttle.admit(subject("user:new", "198.51.100.9", "device-x"), t0)).toBeNull();
	});
});

describe("createMemoryCounters()", () => {
	test("a flood of new keys never evicts a limited counter before its window (the limiter-eviction defect)", async () => {
		const throttle = createLoginThrottle(settings, memory(settings, 1000));
		const victim = subject("user:victim", "203.0.113.50");
		for (let i = 0; i < 5; i++) await failOnce(throttle, victim, t0);
		expect(await throttle.admit(victim, t0)).toMatchObject({ key: "identity" });
		for (let i = 0; i < 10_050; i++) await throttle.admit(subject(`unknown:${i}`, `10.${(i >> 8) & 255}.${i & 255}.1`), t0);
		expect(await throttle.admit(victim, at(60))).toMatchObject({ key: "identity" });
	});

	test("stays bounded, evicting counters that limit nothing; fails closed when every counter limits", async () => {
		const counters = memory({ ...settings, maxPerIdentity: 1 }, 100);
		for (let i = 0; i < 500; i++) await counters.increment(`login:address:${i}`, 900, t0);
		expect(await counters.read("login:address:0", t0)).toBeNull();
		expect(await counters.read("login:address:499", t0)).toEqual({ count: 1, resetAt: at(900) });
		const full = memory({ ...settings, maxPerIdentity: 1 }, 10);
		for (let i = 0; i < 10; i++) await full.increment(`login:account:${i}`, 900, t0);
		expect((await full.increment("login:account:new", 900, t0)).count).toBeGreaterThan(1);
		expect(await full.read("login:account:0", t0)).toMatchObject({ count: 1 });
	});
});

describe("keys", () => {
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

	test("addressKey() never throws on garbage; identityKey() folds case and width", () => {
		for (const value of ["", "::::", "1:2:3:4:5:6:7:8:9", "zz::1", "not an address"]) expect(typeof addressKey(value)).toBe("string");
		expect(identityKey(" ＡＤＭＩＮ ")).toBe("admin");
	});

	test("storeCounters() is null for a store without attempt counters", () => {
		expect(storeCounters({ identityField: "username" } as IdentityStore)).toBeNull();
	});
});
