import { describe, expect, test } from "vitest";
import { isIdentityError } from "../errors.js";
import { createArgon2idHasher, DEFAULT_ARGON2ID_PARAMS } from "./argon2id-hasher.js";
import { createDefaultHasher } from "./default-hasher.js";
import { hashPassword, needsRehash, verifyPassword } from "./default-functions.js";
import { wasmArgon2 } from "./formats/argon2.js";
import { createPbkdf2Hasher } from "./pbkdf2-hasher.js";

const fast = { memorySize: 1024, iterations: 1, parallelism: 1 };

describe("hashPassword() / verifyPassword() / needsRehash()", () => {
	test("hashPassword() makes a current Argon2id PHC string that verifyPassword() accepts", async () => {
		const hash = await hashPassword("correct horse battery staple");
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
		expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
		expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
		expect(needsRehash(hash)).toBe(false);
	});

	test("hashPassword() salts: two hashes of one password differ", async () => {
		expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
	});

	test("hashPassword() NFKD-normalises: the composed and decomposed forms verify", async () => {
		const hash = await hashPassword("caf\u00e9");
		expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
		expect(await verifyPassword("caf\u00e9", hash)).toBe(true);
	});

	test("hashPassword() throws ERR_INVALID_ARGUMENT for an empty or over-long password", async () => {
		for (const bad of ["", "x".repeat(1025)]) {
			const error = await hashPassword(bad).catch((e: unknown) => e);
			expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
		}
	});

	test("verifyPassword() refuses the empty and over-long passwords", async () => {
		const hash = await createArgon2idHasher(fast).hash("x".repeat(1024));
		expect(await verifyPassword("x".repeat(1024), hash)).toBe(true);
		expect(await verifyPassword("x".repeat(1025), hash)).toBe(false);
		expect(await verifyPassword("", hash)).toBe(false);
	});

	test("needsRehash() flags weaker parameters and other algorithms", async () => {
		expect(needsRehash(await createArgon2idHasher(fast).hash("pw"))).toBe(true);
		expect(needsRehash(await createArgon2idHasher({ ...DEFAULT_ARGON2ID_PARAMS, memorySize: 32768 }).hash("pw"))).toBe(false);
		expect(needsRehash(await createPbkdf2Hasher({ iterations: 1000 }).hash("pw"))).toBe(true);
		expect(needsRehash("$2b$12$abcdefghijklmnopqrstuuOOBsp.SP1TSS6KjOcSgY4dpXvvHGRJa")).toBe(true);
		expect(needsRehash("garbage")).toBe(true);
	});
});

describe("createArgon2idHasher()", () => {
	test("round-trips and records its parameters", async () => {
		const hasher = createArgon2idHasher({ memorySize: 2048, iterations: 3, parallelism: 2 });
		const hash = await hasher.hash("pw");
		expect(hash.startsWith("$argon2id$v=19$m=2048,t=3,p=2$")).toBe(true);
		expect(hasher.recognizes(hash)).toBe(true);
		expect(await hasher.verify("pw", hash)).toBe(true);
		expect(await hasher.verify("pW", hash)).toBe(false);
		expect(hasher.needsRehash(hash)).toBe(false);
		expect(createArgon2idHasher({ memorySize: 4096, iterations: 3, parallelism: 2 }).needsRehash(hash)).toBe(true);
		expect(createArgon2idHasher({ memorySize: 2048, iterations: 4, parallelism: 2 }).needsRehash(hash)).toBe(true);
	});

	test("takes another raw Argon2 computation (a native binding) and keeps core's format and rules", async () => {
		const calls: string[] = [];
		const hasher = createArgon2idHasher({
			...fast,
			argon2: (input) => {
				calls.push(`${input.type} m=${input.memorySize} t=${input.iterations} p=${input.parallelism} len=${input.hashLength}`);
				return wasmArgon2(input);
			}
		});
		const hash = await hasher.hash("caf\u00e9");
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
		expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
		expect(await hasher.verify("caf\u00e9", await createArgon2idHasher(fast).hash("caf\u00e9"))).toBe(true);
		expect(await hasher.verify("pw", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuv")).toBe(false);
		expect(calls).toEqual(["id m=1024 t=1 p=1 len=32", "id m=1024 t=1 p=1 len=32"]);
		expect(() => createArgon2idHasher({ argon2: "native" as never })).toThrow(/argon2/);
	});

	test("rejects impossible parameters", () => {
		expect(() => createArgon2idHasher({ memorySize: 4, parallelism: 1 })).toThrow(/Argon2id/);
		expect(() => createArgon2idHasher({ iterations: 0 })).toThrow(/Argon2id/);
	});
});

describe("createPbkdf2Hasher()", () => {
	test("makes passlib's $pbkdf2-sha256$ format and round-trips", async () => {
		const hasher = createPbkdf2Hasher({ iterations: 2000 });
		const hash = await hasher.hash("p\u00e4ss");
		expect(hash).toMatch(/^\$pbkdf2-sha256\$2000\$[./A-Za-z0-9]{22}\$[./A-Za-z0-9]{43}$/);
		expect(await hasher.verify("pa\u0308ss", hash)).toBe(true);
		expect(await hasher.verify("pass", hash)).toBe(false);
		expect(hasher.needsRehash(hash)).toBe(false);
		expect(createPbkdf2Hasher({ iterations: 3000 }).needsRehash(hash)).toBe(true);
		expect(await verifyPassword("p\u00e4ss", hash)).toBe(true);
	});

	test("defaults to OWASP's 600,000 iterations", async () => {
		expect(await createPbkdf2Hasher().hash("pw")).toMatch(/^\$pbkdf2-sha256\$600000\$/);
	});

	test("rejects fewer than 1,000 iterations", () => {
		expect(() => createPbkdf2Hasher({ iterations: 999 })).toThrow(/PBKDF2/);
	});
});

test("createDefaultHasher() picks Argon2id where WebAssembly compiles", async () => {
	const hasher = createDefaultHasher();
	expect(await hasher.hash("pw")).toMatch(/^\$argon2id\$/);
	expect(hasher.recognizes("$pbkdf2-sha256$1$aaaa$bbbb")).toBe(false);
});
