import { describe, expect, test } from "vitest";
import { isIdentityError } from "../errors.js";
import { assertAcceptablePassword, isAcceptablePassword, MAX_PASSWORD_BYTES, passwordCandidates } from "./policy.js";

describe("isAcceptablePassword()", () => {
	test("accepts 1 to 1024 UTF-8 bytes after NFKD, and nothing else", () => {
		expect(MAX_PASSWORD_BYTES).toBe(1024);
		for (const ok of ["x", "x".repeat(1024), "\u00e9".repeat(341), "\ufdfa".repeat(31), "\u{1d400}".repeat(1024)]) {
			expect(isAcceptablePassword(ok)).toBe(true);
		}
		// "\u00e9" is 2 bytes raw and 3 after NFKD (e + U+0301); U+FDFA is 3 raw and 33 after NFKD.
		for (const bad of ["", "x".repeat(1025), "\u00e9".repeat(342), "\ufdfa".repeat(32), "\u{1d400}".repeat(1025), undefined, null, 42, ["pw"]]) {
			expect(isAcceptablePassword(bad)).toBe(false);
		}
	});

	test("answers at once for a huge input (no normalisation of megabytes)", () => {
		const huge = "\ufdfa".repeat(5_000_000);
		const started = performance.now();
		expect(isAcceptablePassword(huge)).toBe(false);
		expect(performance.now() - started).toBeLessThan(50);
	});
});

describe("passwordCandidates()", () => {
	test("the NFKD form first, then the raw form when it differs and fits the bound", () => {
		expect(passwordCandidates("hunter2")).toEqual(["hunter2"]);
		expect(passwordCandidates("caf\u00e9")).toEqual(["cafe\u0301", "caf\u00e9"]);
		// 300 x U+1D400 is 1200 bytes raw, "A" x 300 after NFKD: only the NFKD form is tried.
		expect(passwordCandidates("\u{1d400}".repeat(300))).toEqual(["A".repeat(300)]);
		expect(passwordCandidates("x".repeat(1025))).toEqual([]);
		expect(passwordCandidates(undefined as unknown as string)).toEqual([]);
	});
});

test("assertAcceptablePassword() throws ERR_INVALID_ARGUMENT naming the limit, never the password", () => {
	const secret = "s3cret-".repeat(200);
	let error: unknown;
	try {
		assertAcceptablePassword(secret);
	} catch (e) {
		error = e;
	}
	expect(isIdentityError(error) && error.code).toBe("ERR_INVALID_ARGUMENT");
	expect((error as Error).message).toContain("1024");
	expect((error as Error).message).not.toContain("s3cret");
	expect(() => assertAcceptablePassword("fine")).not.toThrow();
});
