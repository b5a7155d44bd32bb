import { describe, expect, test } from "vitest";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { createSecretBox } from "./secret-box.js";

const secretA = "a-first-secret-that-is-long-enough-for-32-bytes";
const secretB = "b-second-secret-that-is-long-enough-for-32-bytes";
const plaintext = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Flips one bit of a base64url part's bytes and re-encodes it canonically. */
function flipBit(part: string, byteIndex: number): string {
	const bytes = decodeBase64urlIgnorePadding(part);
	bytes[byteIndex] = (bytes[byteIndex] as number) ^ 0x01;
	return encodeBase64urlNoPadding(bytes);
}

function replacePart(sealed: string, index: number, value: string): string {
	const parts = sealed.split(".");
	parts[index] = value;
	return parts.join(".");
}

describe("createSecretBox()", () => {
	test("seal() then open() round-trips, with the versioned four-part format", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal(plaintext);
		expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
		const [, , iv = "", ciphertext = ""] = sealed.split(".");
		expect(decodeBase64urlIgnorePadding(iv).byteLength).toBe(12);
		expect(decodeBase64urlIgnorePadding(ciphertext).byteLength).toBe(plaintext.length + 16);
		expect(sealed).not.toContain(plaintext);
		expect(await box.open(sealed)).toBe(plaintext);
	});

	test("round-trips empty, Unicode and long plaintexts", async () => {
		const box = createSecretBox([secretA]);
		for (const text of ["", "ünïcødé ✓ 🔐", "x".repeat(4000)]) expect(await box.open(await box.seal(text))).toBe(text);
	});

	test("seal() uses a fresh IV each time", async () => {
		const box = createSecretBox([secretA]);
		const seals = await Promise.all(Array.from({ length: 20 }, () => box.seal(plaintext)));
		expect(new Set(seals.map((s) => s.split(".")[2])).size).toBe(20);
		expect(new Set(seals).size).toBe(20);
	});

	test("the key id is stable per secret and differs between secrets", async () => {
		const id = async (secrets: string[]) => (await createSecretBox(secrets).seal("x")).split(".")[1];
		expect(await id([secretA])).toBe(await id([secretA, secretB]));
		expect(await id([secretA])).not.toBe(await id([secretB]));
	});

	test("rotation: the first secret seals, every configured secret opens", async () => {
		const old = createSecretBox([secretA]);
		const rotated = createSecretBox([secretB, secretA]);
		const sealedOld = await old.seal(plaintext);
		const sealedNew = await rotated.seal(plaintext);
		expect(sealedNew.split(".")[1]).not.toBe(sealedOld.split(".")[1]);
		expect(await rotated.open(sealedOld)).toBe(plaintext);
		expect(await rotated.open(sealedNew)).toBe(plaintext);
		// The old box does not know the new secret; once the old secret is dropped its data no longer opens.
		expect(await old.open(sealedNew)).toBeNull();
		expect(await createSecretBox([secretB]).open(sealedOld)).toBeNull();
	});

	test("open() returns null under a foreign key", async () => {
		const sealed = await createSecretBox([secretA]).seal(plaintext);
		expect(await createSecretBox(["c-some-other-secret-that-is-long-enough-too"]).open(sealed)).toBeNull();
	});

	test("a key id pointing at another configured key does not open (the id is authenticated)", async () => {
		const both = createSecretBox([secretA, secretB]);
		const sealed = await both.seal(plaintext);
		const idB = (await createSecretBox([secretB]).seal("x")).split(".")[1] ?? "";
		expect(await both.open(replacePart(sealed, 1, idB))).toBeNull();
	});

	test("the context binds a sealed value: another context (or none) opens nothing", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal(plaintext, "user-1");
		expect(await box.open(sealed, "user-1")).toBe(plaintext);
		expect(await box.open(sealed, "user-2")).toBeNull();
		expect(await box.open(sealed)).toBeNull();
		expect(await box.open(await box.seal(plaintext), "user-1")).toBeNull();
		// Length prefixing: moving characters between header and context changes the authenticated data.
		expect(await box.open(await box.seal(plaintext, "1.x"), "1.x")).toBe(plaintext);
	});

	test("open() returns null when any part is tampered with", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal(plaintext);
		const [, id = "", iv = "", ciphertext = ""] = sealed.split(".");
		const ciphertextLength = decodeBase64urlIgnorePadding(ciphertext).byteLength;
		const tampered = [
			replacePart(sealed, 0, "v2"),
			replacePart(sealed, 0, "V1"),
			replacePart(sealed, 1, flipBit(id, 0)),
			replacePart(sealed, 1, id.slice(0, -1)),
			...Array.from({ length: 12 }, (_, i) => replacePart(sealed, 2, flipBit(iv, i))),
			...Array.from({ length: ciphertextLength }, (_, i) => replacePart(sealed, 3, flipBit(ciphertext, i)))
		];
		for (const value of tampered) expect(await box.open(value)).toBeNull();
		expect(await box.open(sealed)).toBe(plaintext);
	});

	test("open() refuses a non-canonical base64url spelling of the same bytes", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal("abc");
		const ciphertext = sealed.split(".")[3] ?? "";
		// 19 bytes encode to 26 characters; the last one carries 2 unused bits. Setting one would alias the bytes.
		expect(ciphertext.length).toBe(26);
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		const last = alphabet.indexOf(ciphertext.at(-1) ?? "A");
		expect(last & 3).toBe(0);
		const alias = ciphertext.slice(0, -1) + alphabet[last | 1];
		expect(await box.open(replacePart(sealed, 3, alias))).toBeNull();
		expect(await box.open(`${sealed}=`)).toBeNull();
	});

	test("open() returns null for truncated input", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal(plaintext);
		for (let length = 0; length < sealed.length; length++) expect(await box.open(sealed.slice(0, length))).toBeNull();
		const ciphertext = sealed.split(".")[3] ?? "";
		const shortTag = encodeBase64urlNoPadding(decodeBase64urlIgnorePadding(ciphertext).slice(0, 15));
		expect(await box.open(replacePart(sealed, 3, shortTag))).toBeNull();
	});

	test("open() returns null, never throws, for garbage", async () => {
		const box = createSecretBox([secretA]);
		const sealed = await box.seal(plaintext);
		const garbage: unknown[] = [
			"",
			".",
			"...",
			"v1...",
			`${sealed}.`,
			`${sealed}.extra`,
			`.${sealed}`,
			sealed.replaceAll(".", ":"),
			`${sealed}=`,
			"v1.AAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
			"v1.!!!!!!!!.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
			`v1.${sealed.split(".")[1]}.${"A".repeat(20000)}.AAAA`,
			"x".repeat(100_000),
			null,
			undefined,
			42,
			{},
			["v1"]
		];
		for (const value of garbage) await expect(box.open(value as string)).resolves.toBeNull();
		await expect(box.open(sealed, 7 as unknown as string)).resolves.toBeNull();
	});

	test("the format is the documented one: HKDF-SHA-256 keys, AES-256-GCM, the header and context as AAD", async () => {
		// An independent implementation of the documented format, straight on WebCrypto.
		const encoder = new TextEncoder();
		const material = await crypto.subtle.importKey("raw", encoder.encode(secretA), "HKDF", false, ["deriveKey", "deriveBits"]);
		const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(info) });
		const key = await crypto.subtle.deriveKey(hkdf("@identity/core:v1:secret-box"), material, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
		const id = encodeBase64urlNoPadding(new Uint8Array(await crypto.subtle.deriveBits(hkdf("@identity/core:v1:secret-box:key-id"), material, 48)));
		const iv = crypto.getRandomValues(new Uint8Array(12));
		const sealWith = async (bytes: Uint8Array, context: string) => {
			const aad = encoder.encode(`v1.${id}.${encoder.encode(context).byteLength}.${context}`);
			const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad }, key, bytes as Uint8Array<ArrayBuffer>));
			return `v1.${id}.${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(ciphertext)}`;
		};
		const box = createSecretBox([secretA]);
		expect((await box.seal("x")).split(".")[1]).toBe(id);
		expect(await box.open(await sealWith(encoder.encode("hello"), ""))).toBe("hello");
		expect(await box.open(await sealWith(encoder.encode("hello"), "user-9"), "user-9")).toBe("hello");
		// Authentic ciphertext whose plaintext is not UTF-8 opens to null, not to replacement characters.
		expect(await box.open(await sealWith(new Uint8Array([0x61, 0xff, 0xfe]), ""))).toBeNull();
	});

	test("throws ERR_INVALID_ARGUMENT for missing or weak secrets, and seal() for non-strings", async () => {
		for (const bad of [[], ["short"], [secretA, ""], "not-an-array", [42]]) {
			expect(() => createSecretBox(bad as string[])).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		}
		await expect(createSecretBox([secretA]).seal(42 as unknown as string)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});

	test("error messages never contain the secret", () => {
		try {
			createSecretBox([secretA, "tiny-secret"]);
			expect.unreachable();
		} catch (error) {
			expect(String((error as Error).message)).not.toContain("tiny-secret");
			expect(String((error as Error).message)).not.toContain(secretA);
		}
	});
});
