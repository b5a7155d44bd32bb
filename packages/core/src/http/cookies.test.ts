import { describe, expect, test } from "vitest";
import { hasCookie, readCookieValues, serializeCookie } from "./cookies.js";

describe("readCookieValues()", () => {
	test("finds a cookie among others, trimming spaces and quotes", () => {
		expect(readCookieValues("a=1; identity_session=abc.def; b=2", "identity_session")).toEqual(["abc.def"]);
		expect(readCookieValues('x="quoted"', "x")).toEqual(["quoted"]);
		expect(readCookieValues("xa=1; a=2", "a")).toEqual(["2"]);
	});

	test("matches the whole name, with whitespace around it, never a prefix or suffix of another name", () => {
		expect(readCookieValues(" a =1;\ta\t=2;  a=3", "a")).toEqual(["1", "2", "3"]);
		expect(readCookieValues("ab=1; ba=2; a b=3; =4; a=5", "a")).toEqual(["5"]);
		expect(readCookieValues("identity_session2=x; xidentity_session=y", "identity_session")).toEqual([]);
		expect(readCookieValues("\u00a0a\ufeff=1", "a")).toEqual(["1"]);
	});

	test("returns every duplicate in header order, at most four", () => {
		expect(readCookieValues("s=planted; t=1; s=real", "s")).toEqual(["planted", "real"]);
		expect(readCookieValues("s=1; s=2; s=3; s=4; s=5; s=6", "s")).toEqual(["1", "2", "3", "4"]);
	});

	test("returns nothing when absent, empty, malformed or oversized", () => {
		expect(readCookieValues(null, "a")).toEqual([]);
		expect(readCookieValues("", "a")).toEqual([]);
		expect(readCookieValues("a", "a")).toEqual([]);
		expect(readCookieValues("a=", "a")).toEqual([]);
		expect(readCookieValues(";;;=;", "a")).toEqual([]);
		expect(readCookieValues(`a=${"x".repeat(20_000)}`, "a")).toEqual([]);
	});

	test("hasCookie() sees any of the names", () => {
		expect(hasCookie("x=1; b=2", ["a", "b"])).toBe(true);
		expect(hasCookie("x=1; b=", ["a", "b"])).toBe(false);
	});
});

describe("serializeCookie()", () => {
	test("writes HttpOnly, Secure, SameSite and Path", () => {
		expect(serializeCookie("s", "v", { secure: true, sameSite: "Lax" })).toBe("s=v; Path=/; HttpOnly; Secure; SameSite=Lax");
	});

	test("a deletion carries Max-Age=0 and an Expires in the past", () => {
		expect(serializeCookie("s", "", { maxAgeSeconds: 0 })).toContain("Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	});

	test("refuses values that would break the header", () => {
		expect(() => serializeCookie("a", "v;Domain=evil")).toThrow(TypeError);
		expect(() => serializeCookie("a", "v\r\nX: y")).toThrow(TypeError);
	});
});
