import { describe, expect, test } from "vitest";
import { verifyPassword } from "./default-functions.js";
import { createPasswordService } from "./service.js";

// Each of these must be false quickly: malformed, or with a cost far over the limits.
const HOSTILE = [
	["empty hash", ""],
	["whitespace", "   "],
	["plaintext", "hunter2"],
	["des_crypt", "aaqPiZY5xR5l."],
	["md5_crypt", "$1$saltsalt$qjXMvbEw8oaL.CzflDugX."],
	["argon2 bad base64", "$argon2id$v=19$m=1024,t=1,p=1$!!!!!!!!!!!!$abcdefghijklmnopqrstuv"],
	["argon2 version 16", "$argon2id$v=16$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuv"],
	["argon2 4 TiB memory", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["argon2 a billion passes", "$argon2id$v=19$m=1024,t=1000000000,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["argon2 zero parallelism", "$argon2id$v=19$m=1024,t=1,p=0$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["argon2 truncated", "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA"],
	["bcrypt cost 31", "$2b$31$abcdefghijklmnopqrstuuOOBsp.SP1TSS6KjOcSgY4dpXvvHGRJa"],
	["bcrypt cost 03", "$2b$03$abcdefghijklmnopqrstuuOOBsp.SP1TSS6KjOcSgY4dpXvvHGRJa"],
	["bcrypt short", "$2b$04$abcdefghijklmnopqrstuu"],
	["bcrypt $2x$", "$2x$04$abcdefghijklmnopqrstuuOOBsp.SP1TSS6KjOcSgY4dpXvvHGRJa"],
	["pbkdf2 a billion iterations", "$pbkdf2-sha256$1000000000$c2FsdHNhbHQ$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["pbkdf2 zero iterations", "$pbkdf2-sha256$0$c2FsdHNhbHQ$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["pbkdf2 bad ab64", "$pbkdf2-sha256$1000$c2F+dHNhbHQ$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"],
	["werkzeug pbkdf2 huge", "pbkdf2:sha256:9999999999$salt$" + "ab".repeat(32)],
	["werkzeug pbkdf2 odd hex", "pbkdf2:sha256:1000$salt$" + "a".repeat(63)],
	["werkzeug pbkdf2 md5", "pbkdf2:md5:1000$salt$" + "ab".repeat(16)],
	["scrypt N=2^30", "scrypt:1073741824:8:1$salt$" + "ab".repeat(64)],
	["scrypt N not a power of two", "scrypt:1000:8:1$salt$" + "ab".repeat(64)],
	["scrypt r=999", "scrypt:1024:999:1$salt$" + "ab".repeat(64)],
	["sha512_crypt rounds=999999999", "$6$rounds=999999999$saltsalt$" + "a".repeat(86)],
	["sha256_crypt short checksum", "$5$saltsalt$abc"],
	["peppered garbage", "$pepper$v=1$"],
	["peppered unknown version", "$pepper$v=7$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$abcdefghijklmnopqrstuv"],
	["very long", "$argon2id$" + "a".repeat(100_000)]
] as const;

describe("malformed and hostile hashes", () => {
	test.each(HOSTILE)("verifyPassword() is false for %s", async (_name, hash) => {
		expect(await verifyPassword("hunter2", hash)).toBe(false);
	});

	test.each(HOSTILE)("PasswordService.verify() is false for %s", async (_name, hash) => {
		const service = createPasswordService({ legacySalt: "salt", pepper: { version: 1, secret: "0123456789abcdef" } });
		expect(await service.verify("hunter2", hash)).toEqual({ ok: false, needsRehash: false });
	});

	test("verifyPassword() refuses a passlib PBKDF2 hash whose digest is shorter than passlib's fixed size (found by hash-strings.property.test.ts)", async () => {
		// The right password: with the digest length taken from the stored string, a truncated digest
		// verified against a shorter derived key (down to 16 bytes), so a truncated column still "matched".
		const hash = "$pbkdf2-sha256$1000$hnAOYezd.9/7PwegNEYIwQ$iKCim71xT/nGSKWqQ65ioCuYy7pwdgo1BRxMh8s.T30";
		expect(await verifyPassword("p\u00e4ssw\u00f6rd", hash)).toBe(true);
		for (const cut of [1, 2, 10, 20]) expect(await verifyPassword("p\u00e4ssw\u00f6rd", hash.slice(0, -cut)), `${cut} characters cut`).toBe(false);
		const sha512 = "$pbkdf2-sha512$1000$RujdW.t9L2Xsfe.dE2LMGQ$4DGshBZ.fsmJc0kXnqJF9.UobtCwyjTcFPmrauzMRHnotnb/SHemY1Bomjb65B7R8b85jL4shXxh/OK.ZqHJ4w";
		expect(await verifyPassword("p\u00e4ssw\u00f6rd", sha512)).toBe(true);
		expect(await verifyPassword("p\u00e4ssw\u00f6rd", sha512.slice(0, -43))).toBe(false);
	});

	test("non-string input is false, not a throw", async () => {
		expect(await verifyPassword(undefined as unknown as string, "$2b$04$x")).toBe(false);
		expect(await verifyPassword("pw", null as unknown as string)).toBe(false);
		expect(await verifyPassword("pw", 42 as unknown as string)).toBe(false);
	});
});
