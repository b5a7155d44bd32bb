// The password bound (SPEC "Passwords": the size is limited in bytes after normalisation): at most
// 1024 UTF-8 bytes, for the NFKD form and for the raw form tried after it, in every format.
import { describe, expect, test } from "vitest";
import fixtures from "../../test/fixtures/passwords/vectors.json" with { type: "json" };
import { isIdentityError } from "../errors.js";
import { formatPasslibPbkdf2Hash } from "./formats/passlib-pbkdf2.js";
import type { PasswordHasher } from "./hasher.js";
import { createArgon2idHasher, createPasswordService, hashPassword, verifyPassword } from "./index.js";
import { pbkdf2 } from "./pbkdf2.js";

const vector = (name: string) => {
	const found = fixtures.vectors.find((v) => v.name === name);
	if (!found) throw new Error(`fixture "${name}" missing: run generate.py`);
	return found;
};

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

// The largest inputs on each side of the bound. U+FDFA is 3 UTF-8 bytes that NFKD turns into 33;
// U+1D400 is 4 bytes that NFKD turns into "A" (1 byte).
const ACCEPTED = ["x".repeat(1024), "\ufdfa".repeat(31) + "x", "\u{1d400}".repeat(1024)];
const REFUSED = ["x".repeat(1025), "\u00e9".repeat(513), "\ufdfa".repeat(32), "\ufdfa".repeat(1024)];

// Expensive stored hashes of every format, at their libraries' default costs where that is dear.
const EXPENSIVE = [
	"bcrypt default cost",
	"passlib argon2id default params",
	"passlib pbkdf2-sha256 default rounds",
	"werkzeug pbkdf2:sha256 default",
	"werkzeug scrypt",
	"sha512_crypt default rounds",
	"sha512_crypt 1024-byte password", // $6$rounds=1000$: the stall (5 s, 1.2 GB) for "\ufdfa".repeat(1024)
	"sha256_crypt 1024-byte password"
].map(vector);

/** A real hasher that counts the work it is asked to do. */
function counting(inner: PasswordHasher) {
	const counts = { hash: 0, verify: 0 };
	const hasher: PasswordHasher = {
		hash: (pw) => (counts.hash++, inner.hash(pw)),
		verify: (pw, h) => (counts.verify++, inner.verify(pw, h)),
		recognizes: (h) => inner.recognizes(h),
		needsRehash: (h) => inner.needsRehash(h)
	};
	return { hasher, counts };
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

describe("the password bound: 1024 UTF-8 bytes after NFKD", () => {
	test("the test inputs sit on each side of the bound", () => {
		for (const pw of ACCEPTED) expect(utf8Length(pw.normalize("NFKD"))).toBeLessThanOrEqual(1024);
		for (const pw of REFUSED) expect(utf8Length(pw.normalize("NFKD"))).toBeGreaterThan(1024);
	});

	test("hashPassword() throws ERR_INVALID_ARGUMENT naming the limit (never the password) past 1024 bytes", async () => {
		for (const pw of REFUSED) {
			const error = await hashPassword(pw).catch((e: unknown) => e);
			expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
			expect((error as Error).message).toContain("1024");
			expect((error as Error).message).not.toContain(pw.slice(0, 8));
		}
		const service = createPasswordService({ hasher: createArgon2idHasher({ memorySize: 1024, iterations: 1 }) });
		await expect(service.hash("x".repeat(1025))).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});

	test("hashPassword() accepts exactly 1024 bytes after NFKD, and that hash verifies", async () => {
		const hasher = createArgon2idHasher({ memorySize: 1024, iterations: 1 });
		for (const pw of ACCEPTED) expect(await verifyPassword(pw, await hasher.hash(pw))).toBe(true);
	});

	test("verifyPassword() is false for a password past the bound even when the hash matches it", async () => {
		// A valid passlib PBKDF2 hash of the refused password itself.
		const salt = crypto.getRandomValues(new Uint8Array(16));
		for (const pw of REFUSED) {
			const digest = await pbkdf2("SHA-256", new TextEncoder().encode(pw.normalize("NFKD")), salt, 1000, 32);
			const hash = formatPasslibPbkdf2Hash("SHA-256", 1000, salt, digest);
			expect(await verifyPassword(pw, hash)).toBe(false);
			expect((await createPasswordService().verify(pw, hash)).ok).toBe(false);
		}
	});

	test("a refused password does no hashing work in any format (each verify < 100 ms, against hashes that cost 60 ms to 5 s)", async () => {
		const services = [createPasswordService(), createPasswordService({ legacySalt: "flask-salt", pepper: { version: 1, secret: "0123456789abcdef" } })];
		for (const v of EXPENSIVE) {
			for (const pw of REFUSED) {
				expect(await elapsed(async () => expect(await verifyPassword(pw, v.hash)).toBe(false)), `${v.name}`).toBeLessThan(100);
				for (const service of services) {
					const time = await elapsed(async () => expect((await service.verify(pw, v.hash)).ok).toBe(false));
					expect(time, `${v.name} (service)`).toBeLessThan(100);
				}
			}
		}
	});

	test("a refused password never reaches the hasher, for hash, verify and burn", async () => {
		const { hasher, counts } = counting(createArgon2idHasher({ memorySize: 1024, iterations: 1 }));
		const service = createPasswordService({ hasher, legacySalt: "flask-salt" });
		const stored = await service.hash("x");
		counts.hash = 0;
		counts.verify = 0;
		for (const pw of REFUSED) {
			expect((await service.verify(pw, stored)).ok).toBe(false);
			await service.burn(pw);
			await expect(service.hash(pw)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			expect(await hasher.verify(pw, stored)).toBe(false);
			await expect(hasher.hash(pw)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
		// Only the direct hasher calls above were counted: none came from the service.
		expect(counts).toEqual({ hash: REFUSED.length, verify: REFUSED.length });
	});

	test("the largest accepted password verifies within a generous bound in every format (< 2 s each)", async () => {
		const formats = fixtures.vectors.filter((v) => / 102[34]-byte (NFKD )?password/.test(v.name));
		expect(formats.length).toBeGreaterThanOrEqual(16);
		for (const v of formats) {
			let result: boolean | undefined;
			expect(await elapsed(async () => (result = await verifyPassword(v.password, v.hash))), v.name).toBeLessThan(2000);
			expect(result, v.name).toBe(v.expected);
			for (const pw of ACCEPTED) expect(await elapsed(() => verifyPassword(pw, v.hash)), v.name).toBeLessThan(2000);
		}
	});
});
