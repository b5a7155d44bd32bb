import { HMAC } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, test } from "vitest";
import { hmacSha256, importHmacKey, verifyHmacSha256 } from "./hmac.js";

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (value: number, length: number) => new Uint8Array(length).fill(value);

// RFC 4231 section 4: HMAC-SHA-256 test cases 1-4, 6 and 7 (case 5 is the truncation case, below).
const vectors: { key: Uint8Array; data: Uint8Array; mac: string }[] = [
	{ key: bytes(0x0b, 20), data: text("Hi There"), mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ key: text("Jefe"), data: text("what do ya want for nothing?"), mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ key: bytes(0xaa, 20), data: bytes(0xdd, 50), mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{
		key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
		data: bytes(0xcd, 50),
		mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
	},
	{
		key: bytes(0xaa, 131),
		data: text("Test Using Larger Than Block-Size Key - Hash Key First"),
		mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
	},
	{
		key: bytes(0xaa, 131),
		data: text(
			"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
		),
		mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
	}
];

describe("hmacSha256()", () => {
	test.each(vectors.map((v, i) => [i, v] as const))("matches RFC 4231 vector %i", async (_, vector) => {
		const key = await importHmacKey(vector.key);
		expect(encodeHexLowerCase(await hmacSha256(key, vector.data))).toBe(vector.mac);
		expect(await verifyHmacSha256(key, vector.data, decodeHex(vector.mac))).toBe(true);
	});

	test("matches RFC 4231 vector 5 truncated to 128 bits", async () => {
		const key = await importHmacKey(bytes(0x0c, 20));
		const mac = await hmacSha256(key, text("Test With Truncation"));
		expect(encodeHexLowerCase(mac.slice(0, 16))).toBe("a3b6167473100ee06e0c796c2955552b");
	});

	test("agrees with @oslojs/crypto's HMAC on random inputs", async () => {
		for (let i = 0; i < 20; i++) {
			const keyBytes = crypto.getRandomValues(new Uint8Array(1 + i * 7));
			const data = crypto.getRandomValues(new Uint8Array(i * 13));
			const reference = new HMAC(SHA256, keyBytes);
			reference.update(data);
			expect(await hmacSha256(await importHmacKey(keyBytes), data)).toEqual(reference.digest());
		}
	});

	test("verifyHmacSha256() rejects a flipped bit", async () => {
		const key = await importHmacKey(bytes(0x0b, 20));
		const mac = await hmacSha256(key, text("Hi There"));
		mac[31]! ^= 1;
		expect(await verifyHmacSha256(key, text("Hi There"), mac)).toBe(false);
	});
});
