import { describe, expect, test } from "vitest";
import { generateHOTP } from "@oslojs/otp";
import { isIdentityError } from "../errors.js";
import { createTotpSecret, decodeTotpSecret, encodeTotpSecret, matchTotp, totpStep, totpUrl } from "./totp.js";

// RFC 6238 appendix B, SHA-1 seed; the 8-digit values reduced to 6 digits (the code is mod 10^digits).
const rfcSecret = new TextEncoder().encode("12345678901234567890");
const rfcVectors: [seconds: number, eightDigits: string][] = [
	[59, "94287082"],
	[1111111109, "07081804"],
	[1111111111, "14050471"],
	[1234567890, "89005924"],
	[2000000000, "69279037"],
	[20000000000, "65353130"]
];

describe("TOTP secrets", () => {
	test("createTotpSecret() returns 20 fresh random bytes", () => {
		const a = createTotpSecret();
		const b = createTotpSecret();
		expect(a).toBeInstanceOf(Uint8Array);
		expect(a.byteLength).toBe(20);
		expect(a).not.toEqual(b);
	});

	test("encodeTotpSecret() is RFC 4648 base32, upper case, unpadded", () => {
		// RFC 4648 section 10 test vectors, without their padding.
		const ascii = (s: string) => new TextEncoder().encode(s);
		expect(encodeTotpSecret(ascii("f"))).toBe("MY");
		expect(encodeTotpSecret(ascii("foobar"))).toBe("MZXW6YTBOI");
		expect(encodeTotpSecret(rfcSecret)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
		expect(encodeTotpSecret(createTotpSecret())).toMatch(/^[A-Z2-7]{32}$/);
	});

	test("decodeTotpSecret() inverts encodeTotpSecret() and tolerates case, spaces and padding", () => {
		const secret = createTotpSecret();
		const text = encodeTotpSecret(secret);
		expect(decodeTotpSecret(text)).toEqual(secret);
		expect(decodeTotpSecret(text.toLowerCase())).toEqual(secret);
		expect(decodeTotpSecret(text.replace(/(.{4})/g, "$1 "))).toEqual(secret);
		expect(decodeTotpSecret("MZXW6YQ=")).toEqual(new TextEncoder().encode("foob"));
	});

	test("decodeTotpSecret() returns null for text that is not base32", () => {
		for (const bad of ["", "   ", "MZXW6YT1", "MZXW-6YTB", "M", "ÄÖ", "A".repeat(2000)]) expect(decodeTotpSecret(bad)).toBeNull();
		expect(decodeTotpSecret(42 as unknown as string)).toBeNull();
	});

	test("encodeTotpSecret() throws ERR_INVALID_ARGUMENT for empty or non-byte secrets", () => {
		for (const bad of [new Uint8Array(0), "secret" as unknown as Uint8Array]) {
			let error: unknown;
			try {
				encodeTotpSecret(bad);
			} catch (caught) {
				error = caught;
			}
			expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
		}
	});
});

describe("totpUrl()", () => {
	test("builds the exact key URI", () => {
		expect(totpUrl({ issuer: "Example", account: "alice@example.com", secret: rfcSecret })).toBe(
			"otpauth://totp/Example:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&algorithm=SHA1&digits=6&period=30"
		);
	});

	test("percent-encodes issuer and account (spaces as %20, never +) and keeps the label colon", () => {
		const url = totpUrl({ issuer: "ACME Co & Sons", account: "bob smith/ü?#", secret: rfcSecret });
		expect(url).toBe(
			"otpauth://totp/ACME%20Co%20%26%20Sons:bob%20smith%2F%C3%BC%3F%23?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co%20%26%20Sons&algorithm=SHA1&digits=6&period=30"
		);
		const parsed = new URL(url);
		expect(parsed.protocol).toBe("otpauth:");
		expect(parsed.searchParams.get("issuer")).toBe("ACME Co & Sons");
		expect(decodeURIComponent(parsed.pathname.split(":")[1] ?? "")).toBe("bob smith/ü?#");
	});

	test("a colon in the account is encoded, so the label has exactly one literal colon", () => {
		const url = totpUrl({ issuer: "Example", account: "a:b", secret: rfcSecret });
		expect(url.startsWith("otpauth://totp/Example:a%3Ab?")).toBe(true);
	});

	test("throws ERR_INVALID_ARGUMENT for an empty issuer or account, or a colon in the issuer", () => {
		for (const parts of [
			{ issuer: "", account: "a", secret: rfcSecret },
			{ issuer: "A:B", account: "a", secret: rfcSecret },
			{ issuer: "A", account: "", secret: rfcSecret },
			{ issuer: "A", account: "a", secret: new Uint8Array(0) }
		]) {
			expect(() => totpUrl(parts)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		}
	});
});

describe("matchTotp()", () => {
	test.each(rfcVectors)("matches the RFC 6238 SHA-1 vector at %i s", (seconds, eightDigits) => {
		const code = eightDigits.slice(-6);
		expect(matchTotp(rfcSecret, code, seconds * 1000)).toBe(Math.floor(seconds / 30));
		// Cross-check: the 6-digit code is the 8-digit one mod 10^6, as @oslojs/otp computes it.
		expect(generateHOTP(rfcSecret, BigInt(Math.floor(seconds / 30)), 8)).toBe(eightDigits);
	});

	const secret = createTotpSecret();
	const step = 56_789_012;
	const codeAt = (s: number) => generateHOTP(secret, BigInt(s), 6);
	const startMs = step * 30_000;
	const endMs = (step + 1) * 30_000 - 1;

	test("returns the step it matched among previous, current and next, at both edges of the step", () => {
		for (const nowMs of [startMs, startMs + 15_000, endMs]) {
			expect(matchTotp(secret, codeAt(step - 1), nowMs)).toBe(step - 1);
			expect(matchTotp(secret, codeAt(step), nowMs)).toBe(step);
			expect(matchTotp(secret, codeAt(step + 1), nowMs)).toBe(step + 1);
		}
	});

	test("refuses codes two steps away, just outside the window", () => {
		expect(matchTotp(secret, codeAt(step - 2), startMs)).toBeNull();
		expect(matchTotp(secret, codeAt(step + 2), endMs)).toBeNull();
		// One millisecond earlier the window moves back a step, and step + 1 falls out of it.
		expect(matchTotp(secret, codeAt(step + 1), startMs - 1)).toBeNull();
		expect(matchTotp(secret, codeAt(step - 1), endMs + 1)).toBeNull();
	});

	test("trims whitespace around the code", () => {
		expect(matchTotp(secret, `  ${codeAt(step)}\n`, startMs)).toBe(step);
	});

	test("refuses anything that is not exactly 6 digits", () => {
		const good = codeAt(step);
		for (const bad of ["", good.slice(0, 5), `${good}0`, `0${good}`, `${good.slice(0, 3)} ${good.slice(3)}`, `${good.slice(0, 5)}x`, "٠١٢٣٤٥", "１２３４５６", "-12345", "1e5000"]) {
			expect(matchTotp(secret, bad, startMs)).toBeNull();
		}
		expect(matchTotp(secret, Number(good) as unknown as string, startMs)).toBeNull();
		expect(matchTotp(secret, null as unknown as string, startMs)).toBeNull();
	});

	test("refuses a right code under another secret", () => {
		expect(matchTotp(createTotpSecret(), codeAt(step), startMs)).toBeNull();
	});

	test("uses the clock by default", () => {
		const now = Date.now();
		const result = matchTotp(secret, codeAt(Math.floor(now / 30_000)));
		expect(result).not.toBeNull();
		expect(Math.abs((result ?? 0) - totpStep(now))).toBeLessThanOrEqual(1);
	});

	test("at step 0 there is no previous step", () => {
		expect(matchTotp(secret, codeAt(0), 0)).toBe(0);
		expect(matchTotp(secret, codeAt(1), 0)).toBe(1);
	});

	test("throws ERR_INVALID_ARGUMENT for an empty secret or a time that is not a number", () => {
		expect(() => matchTotp(new Uint8Array(0), "123456")).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		expect(() => matchTotp(secret, "123456", Number.NaN)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		expect(() => matchTotp(secret, "123456", -1)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
	});
});

test("totpStep() is Unix seconds / 30, floored", () => {
	expect(totpStep(0)).toBe(0);
	expect(totpStep(29_999)).toBe(0);
	expect(totpStep(30_000)).toBe(1);
	expect(totpStep(59_000)).toBe(1);
});
