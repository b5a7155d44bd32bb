import { describe, expect, test } from "vitest";
import { createOptimisticProxy } from "./proxy.js";

const proxy = createOptimisticProxy({ protect: ["/dashboard"] });
const html = { accept: "text/html,application/xhtml+xml" };

function navigate(path: string, headers: Record<string, string> = {}, method = "GET"): Request {
	return new Request(`http://localhost:3000${path}`, { method, headers: { ...html, ...headers } });
}

describe("createOptimisticProxy()", () => {
	test("redirects a navigation without a login cookie to the login page with next", () => {
		const response = proxy(navigate("/dashboard/settings?tab=1"));
		expect(response?.status).toBe(307);
		const location = new URL(response?.headers.get("location") ?? "");
		expect(location.pathname).toBe("/identity/login");
		expect(location.searchParams.get("next")).toBe("/dashboard/settings?tab=1");
	});

	test("lets a navigation with a session or remember cookie through without checking it", () => {
		// Optimistic by design: even a forged value passes here; the page's getCurrentUser() decides.
		expect(proxy(navigate("/dashboard", { cookie: "identity_session=forged" }))).toBeUndefined();
		expect(proxy(navigate("/dashboard", { cookie: "a=1; identity_remember=x" }))).toBeUndefined();
	});

	test("treats an empty cookie as no cookie", () => {
		expect(proxy(navigate("/dashboard", { cookie: "identity_session=" }))?.status).toBe(307);
	});

	test("lets API callers, bearer tokens, unsafe methods and unprotected paths through", () => {
		expect(proxy(navigate("/dashboard", { accept: "application/json" }))).toBeUndefined();
		expect(proxy(navigate("/dashboard", { authorization: "Bearer t" }))).toBeUndefined();
		expect(proxy(navigate("/dashboard", {}, "POST"))).toBeUndefined();
		expect(proxy(navigate("/dashboards"))).toBeUndefined();
		expect(proxy(navigate("/"))).toBeUndefined();
	});

	test("honours custom cookie names and login path", () => {
		const custom = createOptimisticProxy({ protect: ["/app/"], loginPath: "/signin", cookieNames: ["sid"] });
		expect(custom(navigate("/app/x", { cookie: "sid=1" }))).toBeUndefined();
		expect(new URL(custom(navigate("/app/x"))?.headers.get("location") ?? "").pathname).toBe("/signin");
	});
});
