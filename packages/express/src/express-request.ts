import type { Request as ExpressRequest } from "express";
import { readableFromNode, toWebRequest } from "@identity/node";

/** Appends `value` under `key` the way `qs` (express.urlencoded extended) reads it back. */
function appendField(params: URLSearchParams, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) for (const item of value) appendField(params, key, item);
	else if (typeof value === "object") for (const [name, item] of Object.entries(value)) appendField(params, `${key}[${name}]`, item);
	else params.append(key, String(value));
}

/** A body a parser already read, serialised back for its content type. */
function reserialise(body: unknown, contentType: string): string | Uint8Array | null {
	if (body === undefined || body === null) return null;
	if (typeof body === "string" || body instanceof Uint8Array) return body;
	if (contentType.includes("application/x-www-form-urlencoded") && typeof body === "object") {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(body)) appendField(params, key, value);
		return params.toString();
	}
	return JSON.stringify(body);
}

/** A lazily read copy of `req`'s body: `chunks` holds what was read, `ended` says it was read whole. */
interface CapturedBody {
	chunks: Uint8Array[];
	ended: boolean;
}

function capturing(req: ExpressRequest, captured: CapturedBody): ReadableStream<Uint8Array> {
	const reader = readableFromNode(req).getReader();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				const { done, value } = await reader.read();
				if (done) {
					captured.ended = true;
					return controller.close();
				}
				captured.chunks.push(value);
				controller.enqueue(value);
			},
			cancel: (reason) => reader.cancel(reason)
		},
		{ highWaterMark: 0 }
	);
}

/** Headers that describe the client's body framing. */
const framing = new Set(["content-length", "transfer-encoding"]);

/** Whether a body parser (express.json, urlencoded, text, raw) already consumed the body. */
function parsed(req: ExpressRequest): boolean {
	return (req as { _body?: boolean })._body === true || req.readableEnded;
}

/**
 * When a body parser already read `req`'s body, leaves it where @hono/node-server's Request reads
 * it (`req.rawBody`): the raw bytes if a parser's `verify` hook kept them there, else the parsed
 * body re-serialised, with Content-Length set to match (the client's framing no longer applies).
 */
export function handOverParsedBody(req: ExpressRequest): void {
	if (req.method === "GET" || req.method === "HEAD" || !parsed(req)) return;
	const holder = req as ExpressRequest & { rawBody?: unknown };
	if (Buffer.isBuffer(holder.rawBody)) return;
	const bytes = Buffer.from(reserialise(req.body, req.get("content-type") ?? "") ?? "");
	holder.rawBody = bytes;
	const rawHeaders: string[] = [];
	for (let i = 0; i < req.rawHeaders.length; i += 2) {
		if (!framing.has(req.rawHeaders[i]!.toLowerCase())) rawHeaders.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
	}
	rawHeaders.push("Content-Length", String(bytes.byteLength));
	req.rawHeaders = rawHeaders;
	delete req.headers["transfer-encoding"];
	req.headers["content-length"] = String(bytes.byteLength);
}

/**
 * The Web Request for an Express request: the full `originalUrl` (mount paths kept), `req.ip` as the
 * client address, and the body: re-serialised when a parser already ran, else streamed from `req`
 * (recorded in `captured` when given, so the middleware can hand it on to later routes).
 */
export function toExpressRequest(req: ExpressRequest, signal: AbortSignal, captured?: CapturedBody): Request {
	let body: BodyInit | null | undefined;
	if (req.method === "GET" || req.method === "HEAD") body = undefined;
	else if (parsed(req)) body = reserialise(req.body, req.get("content-type") ?? "") as BodyInit | null;
	else if (captured && (req.get("transfer-encoding") || (req.get("content-length") ?? "0") !== "0")) body = capturing(req, captured);
	return toWebRequest(req, { path: req.originalUrl, body, signal, clientAddress: req.ip ?? null });
}

/**
 * After a guard read the body (core reads a form's `csrf_token` field), leaves it on `req` so later
 * body parsers skip it: URL-encoded forms as a flat object (repeated keys as arrays), else the bytes.
 */
export function restoreBody(req: ExpressRequest, captured: CapturedBody): void {
	if (!captured.ended) return;
	const bytes = Buffer.concat(captured.chunks);
	if (!(req.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
		req.body = bytes;
	} else {
		const fields: Record<string, string | string[]> = {};
		for (const [key, value] of new URLSearchParams(bytes.toString("utf8"))) {
			const previous = fields[key];
			fields[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
		}
		req.body = fields;
	}
	(req as { _body?: boolean })._body = true;
}

export type { CapturedBody };
