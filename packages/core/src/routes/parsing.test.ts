import { describe, expect, test } from "vitest";
import { maxBodyBytes, readBody } from "./body.js";
import { fieldLabel, parseRemember, validateLoginFields } from "./fields.js";
import { escapeHtml, wantsJson } from "./http.js";
import { renderLoginPage } from "./login-page.js";
import { urlForIdentity } from "./url.js";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
	new Request("http://localhost/identity/login", { method: "POST", body, headers });

describe("parseRemember()", () => {
	test.each([true, "true", "on", "1", "y", "yes", "YES", " On ", 1])("parseRemember(%j) is true", (value) => {
		expect(parseRemember(value)).toBe(true);
	});
	test.each([false, "", "0", "false", "off", "n", "no", undefined, null, 0])("parseRemember(%j) is false", (value) => {
		expect(parseRemember(value)).toBe(false);
	});
	test.each(["maybe", 2, {}, ["yes"], "truee"])("parseRemember(%j) is invalid (null)", (value) => {
		expect(parseRemember(value)).toBeNull();
	});
});

describe("validateLoginFields()", () => {
	test("names every bad field", () => {
		const result = validateLoginFields({ email: ["a", "b"], password: "", remember: "perhaps", next: 5 }, "email");
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["email", "next", "password", "remember"]);
	});
	test("ignores inherited properties (no prototype tricks)", () => {
		const result = validateLoginFields(JSON.parse('{"__proto__": {"username": "admin", "password": "x"}}'), "username");
		expect(result.ok).toBe(false);
	});
	test("returns the values when valid", () => {
		expect(validateLoginFields({ username: "ann", password: "pw", remember: "on", next: "/a" }, "username")).toEqual({
			ok: true,
			values: { identity: "ann", password: "pw", remember: true, next: "/a", csrfToken: null }
		});
	});
	test("fieldLabel() makes a label of a field name", () => {
		expect(fieldLabel("email")).toBe("Email");
		expect(fieldLabel("user_name")).toBe("User name");
		expect(fieldLabel("loginName")).toBe("Login name");
	});
});

describe("readBody()", () => {
	test("reads JSON, urlencoded, multipart and missing content types; repeated form fields become lists", async () => {
		expect(await readBody(post('{"a":1}', { "content-type": "Application/JSON" }))).toEqual({ ok: true, fields: { a: 1 } });
		expect(await readBody(post('{"a":1}', { "content-type": "application/vnd.api+json" }))).toMatchObject({ ok: true });
		const form = await readBody(post("a=1&a=2&b=3", { "content-type": "application/x-www-form-urlencoded" }));
		expect(form).toMatchObject({ ok: true, fields: { a: ["1", "2"], b: "3" } });
		const data = new FormData();
		data.set("a", "x");
		expect(await readBody(post(data))).toMatchObject({ ok: true, fields: { a: "x" } });
		expect(await readBody(post(new TextEncoder().encode("a=1")))).toMatchObject({ ok: true, fields: { a: "1" } });
	});
	test("refuses bad and oversized bodies with a status, never a throw", async () => {
		expect(await readBody(post("{", { "content-type": "application/json" }))).toMatchObject({ ok: false, status: 400 });
		expect(await readBody(post("null", { "content-type": "application/json" }))).toMatchObject({ ok: false, status: 400 });
		expect(await readBody(post(new Uint8Array([0xff, 0xfe]), { "content-type": "application/x-www-form-urlencoded" }))).toMatchObject({ ok: false, status: 400 });
		expect(await readBody(post("x", { "content-type": "text/plain" }))).toMatchObject({ ok: false, status: 415 });
		expect(await readBody(post("a".repeat(maxBodyBytes + 1), { "content-type": "application/json" }))).toMatchObject({ ok: false, status: 413 });
		expect(await readBody(post("x", { "content-type": "application/json", "content-length": "99999999" }))).toMatchObject({ ok: false, status: 413 });
		expect(await readBody(post("--x\r\nbroken", { "content-type": "multipart/form-data; boundary=x" }))).toMatchObject({ ok: false, status: 400 });
	});
	test("stops reading a streamed body once it passes the cap", async () => {
		let pulled = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled += 1;
				controller.enqueue(new Uint8Array(16 * 1024));
			}
		});
		const request = new Request("http://localhost/", { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
		expect(await readBody(request)).toMatchObject({ ok: false, status: 413 });
		expect(pulled).toBeLessThanOrEqual(maxBodyBytes / (16 * 1024) + 2);
	});
});

describe("wantsJson()", () => {
	const req = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
	test.each([
		[{ accept: "application/json" }, true],
		[{ "content-type": "application/json" }, true],
		[{ accept: "application/problem+json" }, true],
		[{ accept: "text/html,application/json" }, false],
		[{ accept: "*/*" }, false],
		[{}, false]
	])("wantsJson(%j) is %s", (headers, expected) => {
		expect(wantsJson(req(headers))).toBe(expected);
	});
});

describe("renderLoginPage()", () => {
	test("escapes everything it echoes", () => {
		const evil = `"><script>alert(1)</script>`;
		const html = renderLoginPage({
			fields: { identity: evil, identityField: "email", remember: true, next: evil },
			errors: { form: [evil], email: [evil] },
			csrfToken: evil,
			next: evil,
			action: "/identity/login",
			status: 401
		});
		expect(html).not.toContain("<script>");
		expect(html).toContain('type="email"');
		expect(html).toContain(' checked');
		expect(html).toContain('role="alert"');
		expect(html).toContain('aria-invalid="true"');
		expect(escapeHtml(`<'"&>=\``)).toBe("&#60;&#39;&#34;&#38;&#62;&#61;&#96;");
	});
});

describe("urlForIdentity()", () => {
	test("builds relative URLs and rejects unknown endpoints", () => {
		expect(urlForIdentity("/auth", "login", { next: "/a b" })).toBe("/auth/login?next=%2Fa+b");
		expect(urlForIdentity("/auth", "logout")).toBe("/auth/logout");
		expect(() => urlForIdentity("/auth", "register" as "login")).toThrowError(/Unknown identity endpoint/);
	});
});
