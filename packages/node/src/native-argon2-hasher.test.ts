import { createArgon2idHasher, createPasswordService, hashPassword, isIdentityError, needsRehash, verifyPassword } from "@identity/core";
import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import fixtures from "../../core/test/fixtures/passwords/vectors.json" with { type: "json" };
import { ensureCoreDist, gapDuring } from "./test-helpers.js";
import { loadNativeArgon2 } from "./native-argon2.js";
import { createNativeArgon2Hasher } from "./native-argon2-hasher.js";

// The foreign formats' worker threads import @identity/core's built dist.
beforeAll(ensureCoreDist, 120_000);

const vectors = fixtures.vectors as { name: string; password: string; hash: string; expected: boolean; legacySalt?: string }[];

describe("createNativeArgon2Hasher()", async () => {
	const native = await createNativeArgon2Hasher();
	afterAll(() => native.close());

	test("writes core's PHC string with core's default parameters (m=19456 KiB, t=2, p=1)", async () => {
		const hash = await native.hash("correct horse battery staple");
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
		expect(native.recognizes(hash)).toBe(true);
		expect(native.needsRehash(hash)).toBe(false);
		expect(needsRehash(hash)).toBe(false);
	});

	test("interoperates both ways with core's hash-wasm Argon2id, NFKD included", async () => {
		const fromNative = await native.hash("caf\u00e9 native");
		expect(await verifyPassword("cafe\u0301 native", fromNative)).toBe(true);
		expect(await createArgon2idHasher().verify("caf\u00e9 native", fromNative)).toBe(true);
		expect(await verifyPassword("cafe native", fromNative)).toBe(false);
		const fromCore = await hashPassword("core side \ufb01");
		expect(await native.verify("core side fi", fromCore)).toBe(true);
		expect(await native.verify("core side \ufb01", fromCore)).toBe(true);
		expect(await native.verify("core side", fromCore)).toBe(false);
		const light = createArgon2idHasher({ memorySize: 1024, iterations: 1, parallelism: 2 });
		expect(await native.verify("pw", await light.hash("pw"))).toBe(true);
		expect(native.needsRehash(await light.hash("pw"))).toBe(true);
	});

	test.each(vectors.filter((v) => /^\$argon2/.test(v.hash) && !v.legacySalt))("verifies passlib's Argon2 natively: $name -> $expected", async (v) => {
		expect(await native.verify(v.password, v.hash)).toBe(v.expected);
	});

	test("keeps core's limits: hostile parameters, malformed hashes and refused passwords are false, bad input throws", async () => {
		expect(await native.verify("pw", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")).toBe(false);
		expect(await native.verify("pw", "$argon2id$v=19$m=1024,t=1000000000,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")).toBe(false);
		expect(await native.verify("pw", "$argon2id$v=19$m=19456,t=2,p=1$$")).toBe(false);
		const hash = await native.hash("x".repeat(1024));
		expect(await native.verify("x".repeat(1024), hash)).toBe(true);
		expect(await native.verify("x".repeat(1025), hash)).toBe(false);
		const error = await native.hash("x".repeat(1025)).catch((e: unknown) => e);
		expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
		await expect(createNativeArgon2Hasher({ params: { iterations: 0 } })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});

	test("every format verifies through the identity's service; Argon2 natively, the others in the worker pool", async () => {
		for (const v of vectors) {
			const service = createPasswordService({ hasher: native, legacySalt: v.legacySalt ?? null });
			expect((await service.verify(v.password, v.hash)).ok, v.name).toBe(v.expected);
		}
	}, 60_000);

	// Generous: < 50 ms on an idle machine; under CPU contention from other processes both numbers
	// grow, while inline the gap is the whole verification.
	test.each(["passlib argon2id default params", "bcrypt default cost", "sha512_crypt default rounds"])(
		"the event loop keeps turning during a wrong-password verify: %s",
		async (name) => {
			const { hash } = vectors.find((v) => v.name === name) as { hash: string };
			const service = createPasswordService({ hasher: native });
			await service.verify("warm up", hash);
			const { gap, duration } = await gapDuring(async () => expect((await service.verify("wrong", hash)).ok).toBe(false));
			expect(gap).toBeLessThan(Math.max(50, duration / 3));
		}
	);
});

test("loadNativeArgon2() throws ERR_HASHER naming the package when it cannot be loaded", async () => {
	const error = await loadNativeArgon2("@node-rs/argon2-not-installed").catch((e: unknown) => e);
	expect(isIdentityError(error) && error.code).toBe("ERR_HASHER");
	expect((error as Error).message).toContain("@node-rs/argon2");
});

describe("how many native hashes run at once", () => {
	const fixture = new URL("./counting-argon2.test-fixture.mjs", import.meta.url).href;
	const hashOnce = (argon2: Awaited<ReturnType<typeof loadNativeArgon2>>, n: number) =>
		argon2({ type: "id", password: new TextEncoder().encode(`pw ${n}`), salt: new Uint8Array(16).fill(n), memorySize: 1024, iterations: 1, parallelism: 1, hashLength: 32 });

	const countedRun = async (concurrency?: number) => {
		const { counts } = (await import(fixture)) as { counts: { inFlight: number; most: number; calls: number } };
		counts.most = 0;
		counts.calls = 0;
		const argon2 = await loadNativeArgon2(fixture, concurrency);
		const digests = await Promise.all(Array.from({ length: 12 }, (_, n) => hashOnce(argon2, n)));
		return { digests, calls: counts.calls, most: counts.most };
	};

	test.each([1, 2, 3])("concurrency %i: never more at once on libuv's pool, and every hash is computed", async (concurrency) => {
		const { digests, calls, most } = await countedRun(concurrency);
		expect(calls).toBe(12);
		expect(most).toBe(concurrency);
		expect(new Set(digests.map((d) => Buffer.from(d).toString("hex"))).size).toBe(12);
		// The same input gives the same digest with or without the cap.
		const uncapped = await loadNativeArgon2(fixture, 64);
		expect(Buffer.from(await hashOnce(uncapped, 5)).equals(Buffer.from(digests[5]!))).toBe(true);
	});

	test("the default is one hash per core", async () => {
		expect((await countedRun()).most).toBe(Math.min(12, availableParallelism()));
	});

	test("the hasher validates its concurrency option and verifies under a cap of one", async () => {
		for (const concurrency of [0, -1, 1.5, Number.NaN, 1025, "2" as unknown as number]) {
			await expect(createNativeArgon2Hasher({ concurrency })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
		const single = await createNativeArgon2Hasher({ concurrency: 1 });
		const hash = await single.hash("one at a time");
		const results = await Promise.all([single.verify("one at a time", hash), single.verify("wrong", hash), single.verify("one at a time", hash)]);
		expect(results).toEqual([true, false, true]);
		await single.close();
	});
});
