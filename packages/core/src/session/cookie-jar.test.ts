import { expect, test } from "vitest";
import { createCookieJar } from "./cookie-jar.js";

const jar = createCookieJar({
	cookie: { secure: "auto", prefix: "auto", sameSite: "Lax", domain: null, path: "/" } as Parameters<typeof createCookieJar>[0]["cookie"],
	names: { session: "identity_session", remember: "identity_remember", device: "identity_device", pending: "identity_session_2fa" }
});

test("Secure (and __Host-) unless plain http to a loopback host, decided per URL even when the previous request's authority is a prefix", () => {
	// In this order, each URL starts with the one before it: an answer remembered for the last
	// authority must only be reused when the authority ends there.
	const cases: [string, boolean][] = [
		["http://127.0.0.1/", false],
		["http://127.0.0.1.example.com/", true],
		["http://127.0.0.1", false],
		["http://127.0.0.1:8/", false],
		["http://127.0.0.1:80/path?q", false],
		["http://127.0.0.1:8080?x", false],
		["http://localhost/", false],
		["http://localhost.attacker.example/", true],
		["http://localhost#frag", false],
		["https://localhost/", true],
		["http://[::1]:3000/", false],
		["http://example.com/", true],
		["http://example.com/", true],
		["http://127.0.0.1/", false]
	];
	for (const [url, secure] of cases) {
		const request = new Request(url);
		expect(jar.isSecure(request), url).toBe(secure);
		expect(jar.nameOf(request, "session"), url).toBe(secure ? "__Host-identity_session" : "identity_session");
	}
});
