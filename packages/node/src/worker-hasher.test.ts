import { createArgon2idHasher, createPasswordService, hashPassword, isIdentityError, needsRehash, verifyPassword } from "@identity/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import fixtures from "../../core/test/fixtures/passwords/vectors.json" with { type: "json" };
import { ensureCoreDist, gapDuring } from "./test-helpers.js";
import { createWorkerPoolHasher } from "./worker-hasher.js";

// The worker threads import @identity/core's built dist.
beforeAll(ensureCoreDist, 120_000);

interface Vector {
	name: string;
	password: string;
	hash: string;
	expected: boolean;
	legacySalt?: string;
}
const vectors = fixtures.vectors as Vector[];
const vector = (name: string) => vectors.find((v) => v.name === name) as Vector;

/** Counts event-loop turns (setImmediate callbacks) while `work` runs. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
	let turns = 0;
	let running = true;
	const spin = () => {
		if (!running) return;
		turns++;
		setImmediate(spin);
	};
	setImmediate(spin);
	await work();
	running = false;
	return turns;
}

describe("createWorkerPoolHasher()", () => {
	const pool = createWorkerPoolHasher({ size: 2 });
	const light = createWorkerPoolHasher({ size: 2, params: { memorySize: 1024, iterations: 1 } });
	afterAll(() => Promise.all([pool.close(), light.close()]));

	test("hashes verify with core's verifyPassword(), and core's hashes verify in the pool", async () => {
		const fromPool = await pool.hash("caf\u00e9 pool");
		expect(fromPool).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword("cafe\u0301 pool", fromPool)).toBe(true);
		expect(needsRehash(fromPool)).toBe(false);
		const fromCore = await hashPassword("core side");
		expect(await pool.verify("core side", fromCore)).toBe(true);
		expect(await pool.verify("core sidE", fromCore)).toBe(false);
		expect(pool.needsRehash(fromCore)).toBe(false);
	});

	test("handles concurrent calls across workers", async () => {
		const hashes = await Promise.all(["a", "b", "c", "d", "e"].map((pw) => light.hash(pw)));
		expect(hashes[0]).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
		const results = await Promise.all(hashes.map((h, i) => light.verify("abcde"[i] as string, h)));
		expect(results).toEqual([true, true, true, true, true]);
	});

	test("refuses non-Argon2 hashes, malformed hashes and bad passwords without a throw", async () => {
		expect(await light.verify("pw", "$2b$04$abcdefghijklmnopqrstuuOOBsp.SP1TSS6KjOcSgY4dpXvvHGRJa")).toBe(false);
		expect(await light.verify("pw", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g")).toBe(false);
		expect(await light.verify("", await light.hash("x"))).toBe(false);
		const error = await light.hash("").catch((e: unknown) => e);
		expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
	});

	test("the event loop keeps turning while the pool hashes, and stalls during an inline hash", async () => {
		const inline = createArgon2idHasher();
		await inline.hash("warm up"); // compile the WASM module first
		await pool.hash("warm up");
		const inlineTurns = await turnsDuring(() => inline.hash("blocking"));
		const poolTurns = await turnsDuring(() => pool.hash("not blocking"));
		expect(inlineTurns).toBeLessThanOrEqual(10); // a few awaits inside hash-wasm, no more
		expect(poolTurns).toBeGreaterThan(10 * (inlineTurns + 1));
	});

	test("close() stops the workers and the pool starts new ones when used again", async () => {
		await light.close();
		expect(await light.verify("again", await light.hash("again"))).toBe(true);
	});

	test("rejects an invalid size", () => {
		expect(() => createWorkerPoolHasher({ size: 0 })).toThrow(/size/);
	});
});

describe("createWorkerPoolHasher() verifies every format off the event loop", () => {
	const pool = createWorkerPoolHasher({ size: 2 });
	afterAll(() => pool.close());

	test.each(vectors)("createPasswordService({ hasher: pool }).verify(): $name -> $expected", async (v) => {
		const service = createPasswordService({ hasher: pool, legacySalt: v.legacySalt ?? null });
		expect((await service.verify(v.password, v.hash)).ok).toBe(v.expected);
	});

	// Each of these stalled every other request of the process while it ran inline (bcrypt 12: 270-290 ms).
	// Generous: the gap is < 50 ms on an idle machine (1-3 ms measured); under CPU contention from other
	// processes both numbers grow, while inline the gap is the whole verification.
	test.each([
		["bcrypt default cost", null],
		["flask-security salted bcrypt default cost", "flask-security-password-salt"],
		["werkzeug scrypt", null],
		["passlib argon2id default params", null],
		["sha512_crypt default rounds", null]
	] as const)("the event loop keeps turning during a pooled wrong-password verify: %s (longest gap < 50 ms, or a third of the verify)", async (name, legacySalt) => {
		const service = createPasswordService({ hasher: pool, legacySalt });
		const { hash } = vector(name);
		await service.verify("warm up", hash); // start the workers and compile their WASM first
		const { gap, duration } = await gapDuring(async () => expect((await service.verify("wrong password", hash)).ok).toBe(false));
		expect(gap).toBeLessThan(Math.max(50, duration / 3));
	});
});
