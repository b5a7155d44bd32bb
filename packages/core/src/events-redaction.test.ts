// Event hooks observe; they must not receive credentials. An earlier build handed them the Request,
// whose headers hold the live session cookie or bearer token.
import { expect, test } from "vitest";
import { cookieHeader, createTestWorld } from "../test/helpers.js";

test("hooks receive a redacted request view, never the Request or a credential header", async () => {
	const requests: unknown[] = [];
	const record = (event: { request?: unknown }) => void requests.push(event.request);
	const world = await createTestWorld({
		events: { loginSucceeded: record, loginFailed: record, loggedOut: record, lockedOut: record },
		rateLimit: { maxPerIdentity: 1 },
		getClientAddress: () => "203.0.113.9"
	});
	const login = (body: object, headers: Record<string, string> = {}) =>
		world.identity.handle(
			new Request("http://localhost/identity/login?token=secret-in-query", {
				method: "POST",
				headers: { "content-type": "application/json", "user-agent": "test-agent/1", ...headers },
				body: JSON.stringify(body)
			})
		);
	const ok = await login({ username: "editor", password: world.password });
	const cookie = cookieHeader(ok);
	await world.identity.handle(
		new Request("http://localhost/identity/logout", { method: "POST", headers: { accept: "application/json", origin: "http://localhost", cookie, authorization: "Bearer abc", "user-agent": "test-agent/1" } })
	);
	await login({ username: "writer", password: "wrong" });
	await login({ username: "writer", password: "wrong" });
	await new Promise((resolve) => setTimeout(resolve, 10));
	expect(requests.length).toBeGreaterThanOrEqual(4);
	for (const view of requests) {
		expect(view).not.toBeInstanceOf(Request);
		expect(Object.keys(view as object).sort()).toEqual(["address", "method", "path", "userAgent"]);
		expect(view).toMatchObject({ method: "POST", address: "203.0.113.9", userAgent: "test-agent/1" });
		expect((view as { path: string }).path).toMatch(/^\/identity\/(login|logout)$/);
		expect(JSON.stringify(view)).not.toContain(cookie.split("=")[1]!);
	}
});
