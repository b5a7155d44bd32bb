import { describe, expect, test } from "vitest";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { createRecoveryCodes, hashRecoveryCode, readRecoveryCode } from "./recovery-codes.js";

const key = "a-secret-key-that-is-long-enough-for-32-bytes";

describe("createRecoveryCodes()", () => {
	test("returns 10 distinct XXXXX-XXXXX base32 codes by default", () => {
		const codes = createRecoveryCodes();
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
	});

	test("honours the count and is random from call to call", () => {
		expect(createRecoveryCodes(1)).toHaveLength(1);
		expect(createRecoveryCodes(100)).toHaveLength(100);
		expect(createRecoveryCodes(5)).not.toEqual(createRecoveryCodes(5));
	});

	test("every character of the alphabet appears, each roughly equally often (50 bits: 32 symbols x 10)", () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 100; i++) for (const code of createRecoveryCodes(100)) for (const c of code.replace("-", "")) counts.set(c, (counts.get(c) ?? 0) + 1);
		expect(counts.size).toBe(32);
		// 100,000 characters over 32 symbols: 3125 expected each; 6 sigma is about 330.
		for (const n of counts.values()) expect(Math.abs(n - 3125)).toBeLessThan(400);
	});

	test("throws ERR_INVALID_ARGUMENT for a bad count", () => {
		for (const bad of [0, -1, 1.5, 101, Number.NaN, "10"]) {
			expect(() => createRecoveryCodes(bad as number)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		}
	});
});

describe("readRecoveryCode()", () => {
	test("ignores case, spaces and dashes, and reads look-alike digits as letters", () => {
		expect(readRecoveryCode("ABCDE-FGH2J")).toBe("ABCDEFGH2J");
		expect(readRecoveryCode(" abcde fgh2j ")).toBe("ABCDEFGH2J");
		expect(readRecoveryCode("ab-cd-ef-gh-2j")).toBe("ABCDEFGH2J");
		expect(readRecoveryCode("0BCDE-1GH8J")).toBe("OBCDEIGHBJ");
	});

	test("returns null for anything that cannot be a code", () => {
		for (const bad of ["", "ABCDE-FGHI", "ABCDE-FGHIJK", "ABCDE_FGHIJ", "ABCDE-FGH9J", "ÄBCDE-FGHIJ", "A".repeat(65), 42, null]) {
			expect(readRecoveryCode(bad)).toBeNull();
		}
	});
});

describe("hashRecoveryCode()", () => {
	test("is HMAC-SHA-256 of the labelled canonical code, base64url", async () => {
		const cryptoKey = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
		const mac = await crypto.subtle.sign("HMAC", cryptoKey, new TextEncoder().encode("@identity/core:v1:recovery-code:ABCDEFGH2J"));
		const expected = encodeBase64urlNoPadding(new Uint8Array(mac));
		expect(await hashRecoveryCode(key, "ABCDE-FGH2J")).toBe(expected);
		expect(expected).toHaveLength(43);
	});

	test("hashes every spelling of a code alike", async () => {
		const [code = ""] = createRecoveryCodes(1);
		const hash = await hashRecoveryCode(key, code);
		for (const spelling of [code.toLowerCase(), code.replace("-", ""), code.replace("-", " "), ` ${code} `]) {
			expect(await hashRecoveryCode(key, spelling)).toBe(hash);
		}
	});

	test("differs per code and per key, and never contains the code", async () => {
		const [a = "", b = ""] = createRecoveryCodes(2);
		const hash = await hashRecoveryCode(key, a);
		expect(await hashRecoveryCode(key, b)).not.toBe(hash);
		expect(await hashRecoveryCode(`${key}-rotated`, a)).not.toBe(hash);
		expect(await hashRecoveryCode(new TextEncoder().encode(key), a)).toBe(hash);
		expect(hash).not.toContain(a.replace("-", ""));
	});

	test("input that cannot be a code hashes to something no code hashes to", async () => {
		const hash = await hashRecoveryCode(key, "not a code");
		expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(hash).not.toBe(await hashRecoveryCode(key, "ABCDE-FGH2J"));
	});

	test("throws ERR_INVALID_ARGUMENT for a short key or a non-string code, without the key in the message", async () => {
		await expect(hashRecoveryCode("short-key", "ABCDE-FGHIJ")).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		const error = await hashRecoveryCode("short-key", "ABCDE-FGHIJ").catch((caught: unknown) => caught);
		expect((error as Error).message).not.toMatch(/short-key|ABCDE/);
		await expect(hashRecoveryCode(key, 42 as unknown as string)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});
});
