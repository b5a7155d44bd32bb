import type { IncomingMessage } from "node:http";
import { IdentityError } from "@identity/core";
import { rememberClientAddress } from "./client-address.js";

/** Options of `toWebRequest`. */
export interface WebRequestOptions {
	/** The path and query to use instead of `req.url` (Express passes `req.originalUrl`). */
	path?: string;
	/** The body to use instead of streaming `req` (e.g. a body a parser already read). */
	body?: RequestInit["body"];
	/** Aborts the Request (the bridge aborts it when the client disconnects). */
	signal?: AbortSignal;
	/** The client address; default `req.socket.remoteAddress`. */
	clientAddress?: string | null;
}

/** Headers that describe the original body's framing; dropped when the body is replaced. */
const framing = new Set(["content-length", "transfer-encoding"]);

const validHost = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::\d{1,5})?$/;

/** `req`'s body as a web stream, read only when pulled, pausing `req` until the next pull. */
export function readableFromNode(req: IncomingMessage): ReadableStream<Uint8Array> {
	let listening = false;
	const onEnd: Array<() => void> = [];
	return new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (listening) return void req.resume();
				listening = true;
				if (req.readableEnded) return controller.close();
				if (req.destroyed) return controller.error(new Error("The request stream was destroyed"));
				const data = (chunk: Buffer) => {
					controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
					if ((controller.desiredSize ?? 0) <= 0) req.pause();
				};
				const end = () => controller.close();
				const error = (cause: Error) => controller.error(cause);
				const close = () => {
					if (!req.readableEnded) controller.error(new Error("The client aborted the request"));
				};
				req.on("data", data).once("end", end).once("error", error).once("close", close);
				onEnd.push(() => req.off("data", data).off("end", end).off("error", error).off("close", close));
			},
			cancel() {
				for (const remove of onEnd) remove();
				req.resume();
			}
		},
		{ highWaterMark: 0 }
	);
}

/** Whether `req` carries a body (RFC 9112 §6.3: a length or a transfer coding). */
function hasBody(req: IncomingMessage): boolean {
	if (req.method === "GET" || req.method === "HEAD") return false;
	const length = req.headers["content-length"];
	return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Builds a Web `Request` from a Node `IncomingMessage`: the absolute URL from the `Host` header
 * (https on TLS sockets), every header (pseudo-headers dropped), and the body streamed from `req`.
 * The client address is remembered for `clientAddressOf`.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` when the Host header, URL or a header is malformed.
 */
export function toWebRequest(req: IncomingMessage, options: WebRequestOptions = {}): Request {
	const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
	const local = req.socket.localAddress ?? "localhost";
	const host =
		req.headers.host ?? (req.headers[":authority"] as string | undefined) ?? `${local.includes(":") ? `[${local}]` : local}:${req.socket.localPort ?? 80}`;
	const path = options.path ?? req.url ?? "/";
	if (!validHost.test(host) || !path.startsWith("/")) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid request: malformed Host header or request target");
	}
	const headers = new Headers();
	try {
		const replaced = options.body !== undefined;
		for (let i = 0; i < req.rawHeaders.length; i += 2) {
			const name = req.rawHeaders[i]!;
			if (name.startsWith(":") || (replaced && framing.has(name.toLowerCase()))) continue;
			headers.append(name, req.rawHeaders[i + 1]!);
		}
		const body = options.body !== undefined ? options.body : hasBody(req) ? readableFromNode(req) : null;
		const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, body, signal: options.signal };
		if (body instanceof ReadableStream) init.duplex = "half";
		const request = new Request(`${encrypted ? "https" : "http"}://${host}${path}`, init);
		rememberClientAddress(request, options.clientAddress !== undefined ? options.clientAddress : req.socket.remoteAddress);
		return request;
	} catch (cause) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid request: malformed URL or header", { cause });
	}
}
