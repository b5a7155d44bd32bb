import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createLRUCache } from "./lru.js";

describe("createLRUCache()", () => {
	test("forgets the least recently used entry first; a hit makes an entry the most recent", () => {
		const cache = createLRUCache<number>(2);
		cache.set("a", 1);
		cache.set("b", 2);
		expect(cache.get("a")).toBe(1);
		cache.set("c", 3);
		expect(cache.get("b")).toBeUndefined();
		expect(cache.get("a")).toBe(1);
		expect(cache.get("c")).toBe(3);
		expect(cache.size).toBe(2);
	});

	test("set on a known key replaces the value and makes it the most recent; delete frees its place", () => {
		const cache = createLRUCache<number>(2);
		cache.set("a", 1);
		cache.set("b", 2);
		cache.set("a", 10);
		cache.set("c", 3);
		expect(cache.get("a")).toBe(10);
		expect(cache.get("b")).toBeUndefined();
		cache.delete("a");
		cache.delete("missing");
		expect(cache.size).toBe(1);
		cache.set("d", 4);
		expect([cache.get("c"), cache.get("d")]).toEqual([3, 4]);
	});

	test("agrees with a reference LRU on any sequence of operations", () => {
		type Op = { kind: "get" | "set" | "delete"; key: string; value: number };
		const op = fc.record({ kind: fc.constantFrom("get", "set", "delete"), key: fc.constantFrom("a", "b", "c", "d", "e", "f"), value: fc.integer() }) as fc.Arbitrary<Op>;
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
				const cache = createLRUCache<number>(capacity);
				// The reference: a Map whose order is recency (delete and re-insert on every use).
				const reference = new Map<string, number>();
				for (const { kind, key, value } of ops) {
					if (kind === "get") {
						const expected = reference.get(key);
						if (expected !== undefined) {
							reference.delete(key);
							reference.set(key, expected);
						}
						expect(cache.get(key)).toBe(expected);
					} else if (kind === "set") {
						reference.delete(key);
						reference.set(key, value);
						if (reference.size > capacity) reference.delete(reference.keys().next().value as string);
						cache.set(key, value);
					} else {
						reference.delete(key);
						cache.delete(key);
					}
					expect(cache.size).toBe(reference.size);
				}
				for (const [key, value] of reference) expect(cache.get(key)).toBe(value);
			}),
			{ numRuns: 300 }
		);
	});
});
