// A small HTTP client on node:http for the soak: explicit agents (one keep-alive connection per
// simulated client), exact control of the headers and bodies sent (hostile ones included), the
// time to the last byte of the answer, and network failures as values, never throws.
import http from "node:http";

/** A keep-alive agent with at most `sockets` connections. */
export const keepAliveAgent = (sockets = 1) => new http.Agent({ keepAlive: true, maxSockets: sockets });
/** An agent that opens a new connection for every request. */
export const freshAgent = () => new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * Sends one request. Resolves `{ status, headers, body, ms }`, or `{ error, ms }` (an errno code
 * such as ECONNRESET, or "timeout") when no complete answer arrived.
 */
export function send(agent, url, { method = "GET", headers = {}, body = null, timeoutMs = 120_000 } = {}) {
	const started = performance.now();
	return new Promise((resolve) => {
		let settled = false;
		const done = (value) => {
			if (settled) return;
			settled = true;
			resolve({ ...value, ms: performance.now() - started });
		};
		const payload = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
		const request = http.request(url, {
			agent,
			method,
			headers: payload ? { ...headers, "content-length": String(payload.length) } : headers
		});
		request.setTimeout(timeoutMs, () => {
			request.destroy();
			done({ error: "timeout" });
		});
		request.on("error", (error) => done({ error: error.code ?? error.name ?? "error" }));
		request.on("response", (response) => {
			const chunks = [];
			response.on("data", (chunk) => chunks.push(chunk));
			response.on("error", (error) => done({ error: error.code ?? "response_error" }));
			response.on("end", () => done({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
		});
		request.end(payload ?? undefined);
	});
}

/** The JSON of an answer's body, or null. */
export function jsonOf(result) {
	try {
		return JSON.parse(result.body);
	} catch {
		return null;
	}
}

/** Cookies a client keeps: `Set-Cookie` in, `Cookie` out. */
export function createJar() {
	const cookies = new Map();
	return {
		take(result) {
			const setCookies = result.headers?.["set-cookie"] ?? [];
			for (const line of setCookies) {
				const [pair, ...attributes] = line.split(";");
				const eq = pair.indexOf("=");
				const name = pair.slice(0, eq).trim();
				const gone = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a) || /^\s*expires\s*=.*1970/i.test(a));
				if (gone) cookies.delete(name);
				else cookies.set(name, pair.slice(eq + 1).trim());
			}
		},
		/** The `Cookie` header (only the cookies whose name passes `filter`), or null when there are none. */
		header(filter = () => true) {
			const pairs = [...cookies].filter(([name]) => filter(name)).map(([name, value]) => `${name}=${value}`);
			return pairs.length ? pairs.join("; ") : null;
		},
		get: (name) => cookies.get(name) ?? null,
		clear: () => cookies.clear(),
		names: () => [...cookies.keys()]
	};
}
