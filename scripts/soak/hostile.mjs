// Hostile requests: bodies at and past the body bounds (SPEC "Hardening decisions": 2 MiB, 1,000
// fields or parts, JSON depth 32), malformed bodies, oversized cookies, bad Authorization headers,
// credentials of the wrong purpose and cross-site state changes. Each names the statuses that are
// right for it; none may be a 5xx. `mayReset`: the server may close the connection instead of
// answering (Node refuses a header over 16 KiB; a body over the limit is refused unread).
import { randomBytes } from "node:crypto";

const MIB = 1024 * 1024;
const LIMIT = 2 * MIB;
const json = { "content-type": "application/json", accept: "application/json" };
const form = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
const multipart = (boundary) => ({ "content-type": `multipart/form-data; boundary=${boundary}`, accept: "application/json" });

function repeatedFields(count, valueLength) {
	const value = "x".repeat(valueLength);
	return Buffer.from(Array.from({ length: count }, () => `password=${value}`).join("&"));
}

function parts(boundary, count) {
	const part = `--${boundary}\r\ncontent-disposition: form-data; name="password"\r\n\r\nx\r\n`;
	return Buffer.from(part.repeat(count) + `--${boundary}--\r\n`);
}

function nested(depth) {
	return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/**
 * The cases, built once (the big bodies are reused). `credentials` are a signed-in hostile user's
 * `{ cookie, sessionValue, bearer }`, for tampering and wrong-purpose use.
 */
export function hostileCases(credentials) {
	const login = "/identity/login";
	const tampered = credentials.bearer.slice(0, -2) + (credentials.bearer.at(-2) === "A" ? "B" : "A") + credentials.bearer.at(-1);
	const bodyCases = [
		["form-huge-field", { path: login, headers: form, body: Buffer.from(`username=${"a".repeat(LIMIT - 64)}&password=x`), expected: [400] }],
		["form-999-repeated-fields", { path: login, headers: form, body: repeatedFields(999, 2000), expected: [400] }],
		["form-1001-fields", { path: login, headers: form, body: Buffer.from(Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join("&")), expected: [413] }],
		["form-over-limit", { path: login, headers: form, body: Buffer.alloc(LIMIT + 1, "a"), expected: [413], mayReset: true }],
		["json-garbage", { path: login, headers: json, body: randomBytes(64 * 1024), expected: [400] }],
		["json-truncated", { path: login, headers: json, body: Buffer.from('{"username": "a", "password": "'), expected: [400] }],
		["json-depth-33", { path: login, headers: json, body: Buffer.from(nested(33)), expected: [400] }],
		["json-depth-500k", { path: login, headers: json, body: Buffer.from("[".repeat(500_000)), expected: [400] }],
		["json-huge-array", { path: login, headers: json, body: Buffer.from(`{"username":[${Array(400_000).fill('"a"').join(",")}],"password":"x"}`), expected: [400] }],
		["json-huge-string", { path: login, headers: json, body: Buffer.from(`{"username":"${"a".repeat(LIMIT - 64)}","password":"x"}`), expected: [400] }],
		["json-not-object", { path: login, headers: json, body: Buffer.from('"just a string"'), expected: [400] }],
		["multipart-no-boundary", { path: login, headers: { "content-type": "multipart/form-data", accept: "application/json" }, body: Buffer.from("--x\r\n\r\n"), expected: [400] }],
		["multipart-unterminated", { path: login, headers: multipart("soak"), body: Buffer.from(`--soak\r\ncontent-disposition: form-data; name="username"\r\n\r\n${"a".repeat(MIB)}`), expected: [400] }],
		["multipart-1001-parts", { path: login, headers: multipart("soak"), body: parts("soak", 1001), expected: [413] }],
		["multipart-endless-headers", { path: login, headers: multipart("soak"), body: Buffer.from(`--soak\r\n${"x-filler: y\r\n".repeat(100_000)}`), expected: [400] }],
		["unsupported-media-type", { path: login, headers: { "content-type": "text/plain", accept: "application/json" }, body: Buffer.from("username=a&password=b"), expected: [415] }]
	];
	const get = (path, headers, expected, mayReset = false) => ({ method: "GET", path, headers: { accept: "application/json", ...headers }, expected, mayReset });
	const headerCases = [
		["cookie-oversized-value", get("/api/me", { cookie: `identity_session=${"A".repeat(12_000)}` }, [401])],
		["cookie-header-over-16k", get("/api/me", { cookie: `identity_session=${"A".repeat(20_000)}` }, [431], true)],
		["cookie-500-copies", get("/api/me", { cookie: Array.from({ length: 500 }, (_, i) => `identity_session=junk${i}`).join("; ") }, [401])],
		["cookie-planted-copy", get("/api/me", { cookie: `identity_session=forged.value; ${credentials.cookie}` }, [200])],
		["auth-bearer-garbage", get("/api/data", { authorization: "Bearer !!not-a-token!!" }, [401])],
		["auth-bearer-tampered", get("/api/data", { authorization: `Bearer ${tampered}` }, [401])],
		["auth-bearer-padded", get("/api/data", { authorization: `Bearer ${credentials.bearer}=` }, [401])],
		["auth-bearer-10k", get("/api/data", { authorization: `Bearer ${"A".repeat(10_000)}` }, [401])],
		["auth-basic-garbage", get("/api/me", { authorization: "Basic %%%not-base64%%%" }, [401])],
		["auth-other-scheme", get("/api/data", { authorization: "Negotiate abc" }, [401])],
		["auth-session-as-bearer", get("/api/data", { authorization: `Bearer ${credentials.sessionValue}` }, [401])],
		["auth-token-header-garbage", get("/api/data", { "authentication-token": "x.y" }, [401])],
		["get-logout", get("/identity/logout", {}, [405])]
	];
	const stateCases = [
		// A cross-site logout must change nothing: the bearer check after it proves the user is still signed in.
		["cross-site-logout", { path: "/identity/logout", headers: { ...json, cookie: credentials.cookie, "sec-fetch-site": "cross-site" }, body: Buffer.from("{}"), expected: [403] }],
		["foreign-origin-logout", { path: "/identity/logout", headers: { ...json, cookie: credentials.cookie, origin: "https://evil.example" }, body: Buffer.from("{}"), expected: [403] }],
		["cookie-post-without-csrf", { path: "/api/token", headers: { ...json, cookie: credentials.cookie }, body: Buffer.from("{}"), expected: [403] }],
		["still-signed-in", get("/api/data", { authorization: `Bearer ${credentials.bearer}` }, [200])]
	];
	return [...bodyCases, ...headerCases, ...stateCases].map(([name, spec]) => ({ name, method: "POST", mayReset: false, ...spec }));
}
