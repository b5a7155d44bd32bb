import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, test } from "vitest";
import { nowSeconds, type TokenClaims } from "./claims.js";
import { createPurposeKeys, type TokenPurpose } from "./keys.js";
import { createTokenCodec } from "./token.js";

const secretA = "a-very-long-test-secret-0123456789-abcdefghij";
const secretB = "another-long-test-secret-9876543210-zyxwvuts";
const codec = (secrets: string[]) => createTokenCodec(createPurposeKeys(secrets), { maxLength: 4096 });
const claims = (overrides: Partial<TokenClaims> = {}): TokenClaims => {
	const iat = nowSeconds();
	return { sub: "42", uq: "u1", iat, exp: iat + 60, ...overrides };
};
const purposes: TokenPurpose[] = ["session", "remember", "bearer", "csrf"];

describe("createTokenCodec()", () => {
	test("verify() returns the signed claims", async () => {
		const tokens = codec([secretA]);
		const c = claims({ sid: "s", fr: 1, at: 5 });
		expect(await tokens.verify("session", await tokens.sign("session", c))).toEqual(c);
	});

	test("a credential of one purpose is rejected by every other verifier", async () => {
		const tokens = codec([secretA]);
		for (const signedAs of purposes) {
			const token = await tokens.sign(signedAs, claims());
			for (const checkedAs of purposes) {
				expect(await tokens.verify(checkedAs, token) !== null).toBe(signedAs === checkedAs);
			}
		}
	});

	test("verify() returns null for an expired token, also when it was cached as valid", async () => {
		const tokens = codec([secretA]);
		expect(await tokens.verify("bearer", await tokens.sign("bearer", claims({ exp: nowSeconds() })))).toBeNull();
		expect(await tokens.verify("bearer", await tokens.sign("bearer", claims({ exp: nowSeconds() - 1 })))).toBeNull();
	});

	test("verify() returns null for tampered payloads and signatures", async () => {
		const tokens = codec([secretA]);
		const token = await tokens.sign("session", claims());
		const [payload, signature] = token.split(".") as [string, string];
		const forged = new TextEncoder().encode(JSON.stringify(claims({ sub: "1" })));
		expect(await tokens.verify("session", `${encodeBase64urlNoPadding(forged)}.${signature}`)).toBeNull();
		const sig = decodeBase64urlIgnorePadding(signature);
		sig[0]! ^= 0x80;
		expect(await tokens.verify("session", `${payload}.${encodeBase64urlNoPadding(sig)}`)).toBeNull();
		expect(await tokens.verify("session", token.slice(0, -2))).toBeNull();
		expect(await tokens.verify("session", `${payload}.`)).toBeNull();
		expect(await tokens.verify("session", `${token}.x`)).toBeNull();
	});

	test("verify() returns null for garbage and oversized input without throwing", async () => {
		const tokens = codec([secretA]);
		for (const junk of ["", ".", "..", "a.b", "!!!.???", "x".repeat(5000), "é.ü", `${"a".repeat(4000)}.${"b".repeat(200)}`]) {
			expect(await tokens.verify("session", junk)).toBeNull();
		}
		expect(await tokens.verify("session", 42 as unknown as string)).toBeNull();
	});

	test("a validly signed payload with wrongly typed claims is rejected", async () => {
		const tokens = codec([secretA]);
		const bad = await tokens.sign("session", { sub: 42, uq: "u", iat: 1, exp: nowSeconds() + 60 } as unknown as TokenClaims);
		expect(await tokens.verify("session", bad)).toBeNull();
	});

	test("a token signed with a foreign secret is rejected", async () => {
		const token = await codec([secretB]).sign("session", claims());
		expect(await codec([secretA]).verify("session", token)).toBeNull();
	});

	test("rotation: the first secret signs, every secret verifies", async () => {
		const old = await codec([secretA]).sign("session", claims());
		const rotated = codec([secretB, secretA]);
		expect(await rotated.verify("session", old)).not.toBeNull();
		const fresh = await rotated.sign("session", claims());
		expect(await codec([secretB]).verify("session", fresh)).not.toBeNull();
		expect(await codec([secretA]).verify("session", fresh)).toBeNull();
	});
});
