import { describe, expect, test } from "bun:test";
import { createArgon2idHasher, hashPassword, needsRehash, verifyPassword } from "@identity/core";
import { createBunPasswordHasher } from "../src/index.js";

const hasher = createBunPasswordHasher();

describe("createBunPasswordHasher()", () => {
	test("writes the PHC string core writes: argon2id v19, core's default costs", async () => {
		const hash = await hasher.hash("correct horse battery staple");
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(hasher.recognizes(hash)).toBe(true);
		expect(hasher.needsRehash(hash)).toBe(false);
		expect(needsRehash(hash)).toBe(false);
	});

	test("a Bun hash verifies with core's verifyPassword, and only with the right password", async () => {
		const hash = await hasher.hash("correct horse battery staple");
		expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
		expect(await verifyPassword("wrong horse battery staple", hash)).toBe(false);
	});

	test("a core hash (hash-wasm Argon2id) verifies with Bun.password, and only with the right password", async () => {
		const hash = await hashPassword("correct horse battery staple");
		expect(hash.startsWith("$argon2id$")).toBe(true);
		expect(await hasher.verify("correct horse battery staple", hash)).toBe(true);
		expect(await hasher.verify("wrong", hash)).toBe(false);
		expect(hasher.needsRehash(hash)).toBe(false);
		const coreHasher = createArgon2idHasher();
		expect(await coreHasher.verify("correct horse battery staple", await hasher.hash("correct horse battery staple"))).toBe(true);
	});

	test("passwords are NFKD-normalised both ways", async () => {
		const composed = "caf\u00e9";
		const decomposed = "cafe\u0301";
		expect(await verifyPassword(decomposed, await hasher.hash(composed))).toBe(true);
		expect(await hasher.verify(composed, await hashPassword(decomposed))).toBe(true);
	});

	test("malformed, foreign and weaker hashes: verify is false, needsRehash true; bad input throws a coded error", async () => {
		for (const bad of ["", "$argon2id$v=19$m=19456,t=2,p=1$$", "$2b$10$abcdefghijklmnopqrstuu", "plain", "$argon2id$v=19$m=19456,t=2,p=1$!!$!!"]) {
			expect(await hasher.verify("password", bad)).toBe(false);
			expect(hasher.needsRehash(bad)).toBe(true);
		}
		const weak = await Bun.password.hash("pw", { algorithm: "argon2id", memoryCost: 8192, timeCost: 1 });
		expect(await hasher.verify("pw", weak)).toBe(true);
		expect(hasher.needsRehash(weak)).toBe(true);
		expect(hasher.needsRehash(await Bun.password.hash("pw", { algorithm: "argon2i", memoryCost: 19456, timeCost: 2 }))).toBe(true);
		expect(await hasher.verify("", await hasher.hash("x"))).toBe(false);
		await expect(hasher.hash("")).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		expect(() => createBunPasswordHasher({ timeCost: 0 })).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
	});

	test("keeps core's password bound: 1 to 1024 UTF-8 bytes after NFKD, the NFKD form and then the raw one", async () => {
		const longest = "\ufdfa".repeat(31) + "x"; // NFKD: 1024 bytes
		expect(await verifyPassword(longest, await hasher.hash(longest))).toBe(true);
		for (const refused of ["x".repeat(1025), "\ufdfa".repeat(32)]) {
			await expect(hasher.hash(refused)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT", message: expect.stringContaining("1024") });
		}
		// A valid Bun hash of a refused password never verifies.
		const over = await Bun.password.hash("x".repeat(1025), { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 });
		expect(await hasher.verify("x".repeat(1025), over)).toBe(false);
		// The raw form is tried when the NFKD form differs (hashes made from raw input elsewhere).
		expect(await hasher.verify("caf\u00e9", await Bun.password.hash("caf\u00e9", { algorithm: "argon2id" }))).toBe(true);
	});
});
