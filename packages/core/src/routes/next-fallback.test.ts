// A refused `next` always falls back to the configured view, whatever the reason it is refused:
// unsafe, wrongly typed, or longer than any redirect we follow (an earlier build answered a
// `next` over 4096 characters with a 400).
import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld } from "../../test/helpers.js";

const world = await createTestWorld({ views: { postLogin: "/home", postLogout: "/bye" } });
const { identity, password } = world;

const form = (path: string, fields: Record<string, string>, cookie = "") =>
	identity.handle(
		new Request(`http://localhost/identity/${path}`, {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
			body: new URLSearchParams(fields)
		})
	);

describe("next falls back to the configured view", () => {
	test.each([
		["4,097 characters", `/${"a".repeat(4096)}`],
		["100,000 characters", `/${"a".repeat(100_000)}`],
		["2,049 characters (over the redirect limit)", `/${"a".repeat(2048)}`],
		["an absolute URL", "https://evil.example/"],
		["protocol-relative", "//evil.example"]
	])("POST login with next of %s: 303 to the post-login view", async (_, next) => {
		const response = await form("login", { username: "plain", password, next });
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("/home");
	});

	test("POST logout with an oversized next: 303 to the post-logout view", async () => {
		const login = await form("login", { username: "editor", password });
		const response = await form("logout", { next: `/${"b".repeat(5000)}` }, cookieHeader(login));
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("/bye");
	});

	test("a good next is kept byte for byte", async () => {
		const response = await form("login", { username: "writer", password, next: "/reports?year=2026&q=a%20b" });
		expect(response.headers.get("location")).toBe("/reports?year=2026&q=a%20b");
	});
});
