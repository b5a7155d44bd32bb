import { describe, expect, test } from "vitest";
import { isSafeRedirectPath, maxRedirectLength, safeRedirectPath } from "./redirect.js";

/** Values that must never become a `Location`. */
const hostile: readonly string[] = [
	"//evil.example",
	"//evil.example/path",
	"///evil.example",
	"////evil.example",
	"/\\evil.example",
	"\\/evil.example",
	"\\\\evil.example",
	"/\\/evil.example",
	"/%2F%2Fevil.example",
	"/%2f%2fevil.example",
	"%2F%2Fevil.example",
	"/%5Cevil.example",
	"/%5cevil.example",
	"%5C%5Cevil.example",
	"/%252F%252Fevil.example",
	"/%25252F%25252Fevil.example",
	"https:evil.example",
	"https://evil.example",
	"http://evil.example/",
	"HTTPS://EVIL.EXAMPLE",
	"https://app.example.com/admin",
	"http://localhost/admin",
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	" javascript:alert(1)",
	"java\tscript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"vbscript:msgbox(1)",
	"https://app.example.com@evil.example/",
	"//app.example.com@evil.example",
	"https://user:pass@evil.example",
	"https://app.example.com.evil.example/",
	"https://evil-app.example.com/",
	"//app.example.com.evil.example",
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r/evil.example",
	"/%09/evil.example",
	"/%0d%0aSet-Cookie:x=1",
	"/ok\r\nLocation: https://evil.example",
	"/%00",
	"/a\u0000b",
	"\t//evil.example",
	" //evil.example",
	"/ /evil.example",
	"/\u3002evil.example",
	"/\uff0f\uff0fevil.example",
	"/.\\evil.example",
	"/%E2%80%A8",
	"/100%",
	"/%zz",
	"evil.example",
	"admin",
	"./admin",
	"../admin",
	"?next=/admin",
	"#frag",
	"",
	`/${"a".repeat(maxRedirectLength)}`
];

const good: readonly string[] = [
	"/",
	"/admin",
	"/admin/",
	"/admin?tab=users&page=2",
	"/admin#section",
	"/a%20b",
	"/caf%C3%A9",
	"/users/@bob",
	"/search?q=%2F%2Fnot-a-host",
	"/path/with.dots/and-dashes_",
	`/${"a".repeat(maxRedirectLength - 1)}`
];

describe("safeRedirectPath()", () => {
	test("the hostile corpus has at least 40 values", () => {
		expect(hostile.length).toBeGreaterThanOrEqual(40);
	});

	test.each(hostile.map((value) => [JSON.stringify(value), value]))("rejects %s", (_label, value) => {
		expect(isSafeRedirectPath(value)).toBe(false);
		expect(safeRedirectPath(value, "/home")).toBe("/home");
	});

	test.each(good.map((value) => [value.slice(0, 60), value]))("accepts %s unchanged", (_label, value) => {
		expect(isSafeRedirectPath(value)).toBe(true);
		expect(safeRedirectPath(value, "/home")).toBe(value);
	});

	test("safeRedirectPath() falls back to / when the fallback is unsafe too", () => {
		expect(safeRedirectPath("//evil.example", "https://evil.example")).toBe("/");
		expect(safeRedirectPath(undefined, "//evil.example")).toBe("/");
	});

	test("isSafeRedirectPath() rejects non-strings without throwing", () => {
		for (const value of [null, undefined, 42, {}, ["/"], true, Symbol("x")]) {
			expect(isSafeRedirectPath(value)).toBe(false);
		}
	});

	test("no accepted value resolves outside the origin", () => {
		for (const value of [...hostile, ...good]) {
			if (!isSafeRedirectPath(value)) continue;
			expect(new URL(value, "https://app.example.com").origin).toBe("https://app.example.com");
		}
	});
});
