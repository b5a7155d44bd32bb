import { describe, expect, test } from "vitest";
import { fieldLabel, parseRemember, validateLoginFields } from "./fields.js";
import { escapeHtml } from "../http/html.js";
import { renderLoginPage } from "./login-page.js";
import { urlForIdentity } from "./url.js";

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
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["email", "password", "remember"]);
	});
	test("ignores inherited properties (no prototype tricks)", () => {
		const result = validateLoginFields(JSON.parse('{"__proto__": {"username": "admin", "password": "x"}}'), "username");
		expect(result.ok).toBe(false);
	});
	test("returns the values when valid", () => {
		expect(validateLoginFields({ username: "ann", password: "pw", remember: "on", next: "/a" }, "username")).toEqual({
			ok: true,
			values: { identity: "ann", password: "pw", remember: true }
		});
	});
	test("fieldLabel() makes a label of a field name", () => {
		expect(fieldLabel("email")).toBe("Email");
		expect(fieldLabel("user_name")).toBe("User name");
		expect(fieldLabel("loginName")).toBe("Login name");
	});
});

describe("renderLoginPage()", () => {
	test("escapes everything it echoes", () => {
		const evil = `"><script>alert(1)</script>`;
		const { html } = renderLoginPage({
			fields: { identity: evil, identityField: "email", remember: true, next: evil },
			errors: { form: [evil], email: [evil] },
			csrfToken: evil,
			next: evil,
			action: "/identity/login",
			status: 401,
			links: { register: evil, recover: null },
			passkeyScript: ""
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
		expect(urlForIdentity("/auth", "verify", { next: "/x" })).toBe("/auth/verify?next=%2Fx");
		expect(urlForIdentity("/auth", "confirm/resend")).toBe("/auth/confirm/resend");
		expect(() => urlForIdentity("/auth", "signup" as "login")).toThrowError(/Unknown identity endpoint/);
	});
});
