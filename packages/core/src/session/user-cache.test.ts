import { expect, test } from "vitest";
import type { UserRecord } from "../types.js";
import { fromUserTemplate } from "../user.js";
import { createUserCache } from "./user-cache.js";

const record = (roles: string[]): UserRecord => ({ id: "u1", password: "h", active: true, uniquifier: "q", roles, createdAt: new Date(0) });

test("peek() gives the cached record's template, made once, and a new one once the user changed", async () => {
	const cache = createUserCache({ maxEntries: 10, maxAgeSeconds: 60 });
	expect(cache.peek("u1")).toBeUndefined();
	let stored = record(["reader"]);
	await cache.load("u1", async () => stored);
	const first = cache.peek("u1");
	expect(first?.record).toBe(stored);
	expect(cache.peek("u1")).toBe(first);
	expect(fromUserTemplate(first!).roles).toEqual(["reader"]);

	stored = record(["reader", "admin"]);
	cache.invalidate("u1");
	expect(cache.peek("u1")).toBeUndefined();
	await cache.load("u1", async () => stored);
	const second = cache.peek("u1");
	expect(second).not.toBe(first);
	expect(fromUserTemplate(second!).roles).toEqual(["reader", "admin"]);
});

test("a cached miss peeks as null, and an entry past its age as undefined", async () => {
	const cache = createUserCache({ maxEntries: 10, maxAgeSeconds: 0 });
	await cache.load("gone", async () => null);
	expect(cache.peek("gone")).toBeUndefined();
	const keeping = createUserCache({ maxEntries: 10, maxAgeSeconds: 60 });
	await keeping.load("gone", async () => null);
	expect(keeping.peek("gone")).toBeNull();
});
