import { describe, expect, test } from "vitest";
import { toServerRequest } from "./server-request.js";

describe("toServerRequest()", () => {
	test("keeps every header, cookies included", () => {
		const request = toServerRequest(new Headers({ host: "app.test", cookie: "identity_session=abc", "x-custom": "1" }));
		expect(request.headers.get("cookie")).toBe("identity_session=abc");
		expect(request.headers.get("x-custom")).toBe("1");
		expect(request.method).toBe("GET");
	});

	test("takes the origin from X-Forwarded-Proto/Host, then Host", () => {
		expect(toServerRequest(new Headers({ host: "127.0.0.1:3000", "x-forwarded-proto": "http" })).url).toBe("http://127.0.0.1:3000/");
		const forwarded = new Headers({ host: "internal:3000", "x-forwarded-host": "app.example, proxy", "x-forwarded-proto": "https" });
		expect(toServerRequest(forwarded, "/dashboard").url).toBe("https://app.example/dashboard");
	});

	test("assumes https when the protocol is unknown, so cookies stay Secure", () => {
		expect(new URL(toServerRequest(new Headers({ host: "localhost:3000" })).url).protocol).toBe("https:");
	});

	test("falls back to a neutral origin for a malformed Host", () => {
		expect(toServerRequest(new Headers({ host: "bad host/%%" })).url).toBe("https://localhost/");
	});
});
