import { describe, expect, test } from "vitest";
import { isIdentityError } from "../errors.js";
import { createArgon2idHasher } from "./argon2id-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { verifyPassword } from "./default-functions.js";
import { createPbkdf2Hasher } from "./pbkdf2-hasher.js";
import { createPasswordService } from "./service.js";
import { legacySaltedPassword } from "./legacy-salt.js";

const hasher = createArgon2idHasher({ memorySize: 1024, iterations: 1, parallelism: 1 });
const v1 = { version: 1, secret: "pepper-one-0123456789abcdef" };
const v2 = { version: 2, secret: "pepper-two-0123456789abcdef" };

/** A real hasher that counts the work it is asked to do. */
function counting(inner: PasswordHasher) {
	const counts = { hash: 0, verify: 0 };
	const wrapped: PasswordHasher = {
		hash: (pw) => (counts.hash++, inner.hash(pw)),
		verify: (pw, h) => (counts.verify++, inner.verify(pw, h)),
		recognizes: (h) => inner.recognizes(h),
		needsRehash: (h) => inner.needsRehash(h)
	};
	return { hasher: wrapped, counts };
}

describe("createPasswordService()", () => {
	test("hash() without pepper makes a plain current hash", async () => {
		const service = createPasswordService({ hasher });
		const hash = await service.hash("pw");
		expect(hash.startsWith("$argon2id$")).toBe(true);
		expect(await service.verify("pw", hash)).toEqual({ ok: true, needsRehash: false });
		expect(await service.verify("pW", hash)).toEqual({ ok: false, needsRehash: false });
	});

	test("hash() with a pepper prefixes its version; the module-level verifyPassword() cannot verify it", async () => {
		const service = createPasswordService({ hasher, pepper: v1 });
		const hash = await service.hash("pw");
		expect(hash).toMatch(/^\$pepper\$v=1\$argon2id\$v=19\$/);
		expect(await service.verify("pw", hash)).toEqual({ ok: true, needsRehash: false });
		expect(await service.verify("px", hash)).toEqual({ ok: false, needsRehash: false });
		expect(await verifyPassword("pw", hash)).toBe(false);
	});

	test("pepper rotation: the first pepper hashes, every configured one verifies, older ones need a rehash", async () => {
		const old = await createPasswordService({ hasher, pepper: v1 }).hash("pw");
		const rotated = createPasswordService({ hasher, pepper: [v2, v1] });
		expect(await rotated.verify("pw", old)).toEqual({ ok: true, needsRehash: true });
		const fresh = await rotated.hash("pw");
		expect(fresh.startsWith("$pepper$v=2$")).toBe(true);
		expect(await rotated.verify("pw", fresh)).toEqual({ ok: true, needsRehash: false });
		// A version no longer configured cannot verify.
		expect((await createPasswordService({ hasher, pepper: v2 }).verify("pw", old)).ok).toBe(false);
		// The same version with another secret does not verify.
		expect((await createPasswordService({ hasher, pepper: { version: 1, secret: v2.secret } }).verify("pw", old)).ok).toBe(false);
	});

	test("a hash without pepper verifies and needs a rehash once a pepper is configured", async () => {
		const plain = await createPasswordService({ hasher }).hash("pw");
		expect(await createPasswordService({ hasher, pepper: v1 }).verify("pw", plain)).toEqual({ ok: true, needsRehash: true });
	});

	test("a weaker inner hash under the current pepper needs a rehash", async () => {
		const weak = await createPasswordService({ hasher: createPbkdf2Hasher({ iterations: 1000 }), pepper: v1 }).hash("pw");
		expect(await createPasswordService({ hasher, pepper: v1 }).verify("pw", weak)).toEqual({ ok: true, needsRehash: true });
	});

	test("peppered hashes are made from the NFKD form", async () => {
		const service = createPasswordService({ hasher, pepper: v1 });
		expect((await service.verify("cafe\u0301", await service.hash("caf\u00e9"))).ok).toBe(true);
	});

	test("rejects malformed peppers with ERR_INVALID_OPTIONS", () => {
		for (const pepper of [{ version: 1, secret: "short" }, { version: -1, secret: v1.secret }, [v1, { ...v2, version: 1 }]]) {
			let error: unknown;
			try {
				createPasswordService({ pepper });
			} catch (e) {
				error = e;
			}
			expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_OPTIONS");
			expect(String((error as Error).message)).not.toContain(v1.secret);
		}
	});

	test("legacySalt: Flask-Security hashes verify salted, plain hashes still verify, and both need a rehash", async () => {
		const salt = "flask-salt";
		const weak = createPbkdf2Hasher({ iterations: 1000 });
		const salted = await weak.hash(await legacySaltedPassword(salt, "pw"));
		const service = createPasswordService({ hasher, legacySalt: salt });
		expect(await service.verify("pw", salted)).toEqual({ ok: true, needsRehash: true });
		expect(await service.verify("pw", await weak.hash("pw"))).toEqual({ ok: true, needsRehash: true });
		expect((await createPasswordService({ hasher }).verify("pw", salted)).ok).toBe(false);
		expect((await service.verify("px", salted)).ok).toBe(false);
	});

	test("legacySalt: a hash that verified only through the salt needs a rehash, even with the current parameters", async () => {
		const salt = "flask-salt";
		const service = createPasswordService({ hasher, legacySalt: salt });
		// As strong as the service's own hasher: only the salt makes it outdated.
		const salted = await hasher.hash(await legacySaltedPassword(salt, "pw"));
		expect(hasher.needsRehash(salted)).toBe(false);
		expect(await service.verify("pw", salted)).toEqual({ ok: true, needsRehash: true });
		// The same hasher's plain hash is current, with or without the salt configured.
		expect(await service.verify("pw", await hasher.hash("pw"))).toEqual({ ok: true, needsRehash: false });
		// And the upgrade is a plain hash: it verifies without the salt.
		const upgraded = await service.hash("pw");
		expect(await createPasswordService({ hasher }).verify("pw", upgraded)).toEqual({ ok: true, needsRehash: false });
	});

	test("hash() throws ERR_INVALID_ARGUMENT for the empty password; verify() refuses it", async () => {
		const service = createPasswordService({ hasher });
		const error = await service.hash("").catch((e: unknown) => e);
		expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
		expect((await service.verify("", await service.hash("x"))).ok).toBe(false);
	});
});

describe("PasswordService.burn()", () => {
	test("burn() runs the hasher as a wrong-password verify does (one dummy hash, then one verify per call)", async () => {
		const { hasher: counted, counts } = counting(hasher);
		const service = createPasswordService({ hasher: counted });
		const stored = await service.hash("right");
		counts.hash = 0;
		counts.verify = 0;
		await service.verify("wrong", stored);
		const wrongVerify = counts.verify;
		expect(wrongVerify).toBeGreaterThan(0);

		counts.verify = 0;
		await service.burn("wrong");
		expect(counts.hash).toBe(1);
		expect(counts.verify).toBe(wrongVerify);
		await service.burn("wrong");
		expect(counts.hash).toBe(1);
		expect(counts.verify).toBe(2 * wrongVerify);
	});

	test("burn() with a pepper and a legacy salt matches a wrong-password verify too", async () => {
		for (const options of [{ pepper: v1 }, { legacySalt: "flask-salt" }]) {
			const { hasher: counted, counts } = counting(hasher);
			const service = createPasswordService({ hasher: counted, ...options });
			const stored = await service.hash("right");
			counts.verify = 0;
			await service.verify("wr\u00f6ng", stored);
			const wrongVerify = counts.verify;
			counts.verify = 0;
			await service.burn("wr\u00f6ng");
			expect(counts.verify).toBe(wrongVerify);
		}
	});

	test("burn() never throws, even for an empty or huge password", async () => {
		const service = createPasswordService({ hasher });
		await expect(service.burn("")).resolves.toBeUndefined();
		await expect(service.burn("x".repeat(100_000))).resolves.toBeUndefined();
	});
});
