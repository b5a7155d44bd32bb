import type { Request as ExpressRequest } from "express";

/** Appends `value` under `key` the way `qs` (express.urlencoded extended) reads it back. */
function appendField(params: URLSearchParams, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) for (const item of value) appendField(params, key, item);
	else if (typeof value === "object") for (const [name, item] of Object.entries(value)) appendField(params, `${key}[${name}]`, item);
	else params.append(key, String(value));
}

/** A body a parser already read, serialised back for its content type. */
function reserialise(body: unknown, contentType: string): string | Uint8Array {
	if (body === undefined || body === null) return "";
	if (typeof body === "string" || body instanceof Uint8Array) return body;
	if (contentType.includes("application/x-www-form-urlencoded") && typeof body === "object") {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(body)) appendField(params, key, value);
		return params.toString();
	}
	return JSON.stringify(body);
}

/** Headers that describe the client's body framing. */
const framing = new Set(["content-length", "transfer-encoding"]);

type WithRawBody = ExpressRequest & { rawBody?: unknown; _body?: boolean };

/**
 * When a body parser (express.json, urlencoded, text, raw) already read `req`'s body, leaves it
 * where @hono/node-server's Request reads it, `req.rawBody`: the client's bytes if a parser's
 * `verify` hook kept them there, else the parsed body re-serialised, with Content-Length set to
 * match (the client's framing no longer applies). Returns whether it set `req.rawBody`.
 */
export function handOverParsedBody(req: ExpressRequest): boolean {
	const holder = req as WithRawBody;
	if (req.method === "GET" || req.method === "HEAD" || !(holder._body === true || req.readableEnded)) return false;
	if (Buffer.isBuffer(holder.rawBody)) return false;
	const bytes = Buffer.from(reserialise(req.body, req.get("content-type") ?? ""));
	holder.rawBody = bytes;
	const rawHeaders: string[] = [];
	for (let i = 0; i < req.rawHeaders.length; i += 2) {
		if (!framing.has(req.rawHeaders[i]!.toLowerCase())) rawHeaders.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
	}
	rawHeaders.push("Content-Length", String(bytes.byteLength));
	req.rawHeaders = rawHeaders;
	delete req.headers["transfer-encoding"];
	req.headers["content-length"] = String(bytes.byteLength);
	return true;
}

/**
 * After a guard passed, leaves the body for later parsers: untouched when the guard did not read
 * it; else the bytes it read (core reads a form's `csrf_token` from a clone of the Request) on
 * `req.body`, URL-encoded forms as a flat object (repeated keys as arrays), marked as parsed.
 */
export async function restoreBody(req: ExpressRequest, request: Request): Promise<void> {
	const holder = req as WithRawBody;
	if (holder._body === true || !req.readableDidRead) return;
	holder._body = true;
	// A guard that read the Request itself, not a clone, left no copy: later parsers then skip.
	const bytes = request.bodyUsed ? Buffer.alloc(0) : Buffer.from(await request.arrayBuffer());
	if (!(req.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
		req.body = bytes;
		return;
	}
	const fields: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(bytes.toString("utf8"))) {
		const previous = fields[key];
		fields[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	req.body = fields;
}
