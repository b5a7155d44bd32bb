import { createIdentity } from "@identity/core";
import { createMemoryStore, FIXTURE_SECRET, fixtureUsers, seedFixtureUsers } from "@identity/testing";
import { beforeAll, describe, expect, test } from "vitest";
import { toNextHandlers } from "./route-handlers.js";

const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET });
const handlers = toNextHandlers(identity);

beforeAll(() => seedFixtureUsers(identity.store, identity.hashPassword));

describe("toNextHandlers()", () => {
	test("exports every method Next routes, each serving core's identity routes", () => {
		expect(Object.keys(handlers).sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
	});

	test("GET serves core's login form", async () => {
		const response = await handlers.GET(new Request("http://localhost/identity/login", { headers: { accept: "text/html" } }));
		expect(response.status).toBe(200);
		expect(await response.text()).toMatch(/<form/);
	});

	test("POST logs in with JSON and returns core's cookies", async () => {
		const { admin } = fixtureUsers;
		const response = await handlers.POST(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "application/json", accept: "application/json" },
				body: JSON.stringify({ username: admin.username, password: admin.password })
			})
		);
		expect(response.status).toBe(200);
		expect(response.headers.getSetCookie().some((value) => value.startsWith("identity_session="))).toBe(true);
	});

	test("other methods and paths get core's own answer, not one made up here", async () => {
		for (const [method, path] of [
			["DELETE", "/identity/login"],
			["GET", "/identity/logout"],
			["GET", "/identity/nope"]
		] as const) {
			const viaNext = await handlers[method](new Request(`http://localhost${path}`, { method }));
			const viaCore = await identity.handle(new Request(`http://localhost${path}`, { method }));
			expect(viaNext.status, `${method} ${path}`).toBe(viaCore.status);
			expect(viaNext.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
		}
	});
});
