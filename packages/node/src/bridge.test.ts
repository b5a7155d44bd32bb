import { request as httpRequest, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import type { Handler } from "@identity/core";
import { serve, type NodeHandlerOptions } from "./index.js";
import { clientAddressOf } from "./client-address.js";

// Captured before any listener exists: @hono/node-server swaps the globals for lightweight
// subclasses, and a native Response (what fetch() returns) takes its other path.
const NativeResponse = globalThis.Response;

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(handler: Handler, options: NodeHandlerOptions = {}) {
	const server = await serve(handler, options);
	servers.push(server);
	return server;
}

/** A raw node:http request, so tests control Host, streaming and disconnects. */
function raw(url: string, init: { method?: string; path?: string; headers?: Record<string, string> } = {}) {
	const { hostname, port } = new URL(url);
	const req = httpRequest({ hostname, port, method: init.method ?? "GET", path: init.path ?? "/", headers: init.headers });
	const response = new Promise<IncomingMessage>((resolve, reject) => req.once("response", resolve).once("error", reject));
	return { req, response };
}

async function readAll(message: IncomingMessage): Promise<string> {
	let text = "";
	for await (const chunk of message) text += chunk;
	return text;
}

function deferred<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe("toNodeHandler()", () => {
	test("builds the absolute URL from the Host header and keeps the request target's path", async () => {
		const server = await start((request) => new Response(request.url));
		const { req, response } = raw(server.url, { path: "/a/b?x=1&y=%20", headers: { host: "example.test:8080" } });
		req.end();
		expect(await readAll(await response)).toBe("http://example.test:8080/a/b?x=1&y=%20");
		const evil = raw(server.url, { path: "//evil.example/steal", headers: { host: "app.test" } });
		evil.req.end();
		expect(new URL(await readAll(await evil.response)).host).toBe("app.test");
	});

	test("falls back to the local address for an HTTP/1.0 request without Host", async () => {
		const server = await start((request) => new Response(request.url));
		const { hostname, port } = new URL(server.url);
		const socket = connect(Number(port), hostname);
		socket.end("GET /old?x=1 HTTP/1.0\r\n\r\n");
		let text = "";
		for await (const chunk of socket) text += chunk;
		expect(text.split("\r\n\r\n")[1]).toBe(`http://${hostname}:${port}/old?x=1`);
	});

	test("answers a malformed Host header with 400", async () => {
		const server = await start(() => new Response("unreachable"));
		const { req, response } = raw(server.url, { headers: { host: "bad host/with space" } });
		req.end();
		expect((await response).statusCode).toBe(400);
	});

	test("streams the request body to the handler before the client finished sending it", async () => {
		const firstChunk = deferred<string>();
		const server = await start(async (request) => {
			const reader = request.body!.getReader();
			const decoder = new TextDecoder();
			let text = decoder.decode((await reader.read()).value, { stream: true });
			firstChunk.resolve(text);
			for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
			return new Response(`${text.length}`);
		});
		const { req, response } = raw(server.url, { method: "POST", headers: { "transfer-encoding": "chunked" } });
		req.write("first;");
		expect(await firstChunk.promise).toBe("first;");
		req.end("x".repeat(100_000));
		expect(await readAll(await response)).toBe(String(6 + 100_000));
	});

	test("a body the handler never reads does not block the next request on the connection", async () => {
		const server = await start(() => new Response("ignored the body"));
		const body = "x".repeat(1024 * 1024);
		for (let i = 0; i < 3; i++) {
			const response = await fetch(server.url, { method: "POST", body });
			expect(await response.text()).toBe("ignored the body");
		}
	});

	test("a client that disconnects mid-body makes the handler's body read fail, not hang", async () => {
		const outcome = deferred<string>();
		const started = deferred();
		const server = await start(async (request) => {
			started.resolve();
			try {
				await request.text();
				outcome.resolve("read");
			} catch {
				outcome.resolve("rejected");
			}
			return new Response("done");
		});
		const { req, response } = raw(server.url, { method: "POST", headers: { "transfer-encoding": "chunked" } });
		response.catch(() => undefined);
		req.on("error", () => undefined);
		req.write("partial");
		await started.promise;
		req.destroy();
		expect(await outcome.promise).toBe("rejected");
	});

	test("the Request is a Request: WeakMap keys, clone(), instanceof and every body reader work", async () => {
		const memo = new WeakMap<Request, string>();
		const server = await start(async (request) => {
			memo.set(request, "seen");
			const copy = request.clone();
			const [original, form] = [await request.text(), await copy.formData()];
			return Response.json({
				memo: memo.get(request),
				address: clientAddressOf(request),
				isRequest: request instanceof Request && copy instanceof Request,
				original,
				cloned: [...form.entries()]
			});
		});
		const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1&b=2" });
		expect(await response.json()).toEqual({ memo: "seen", address: "127.0.0.1", isRequest: true, original: "a=1&b=2", cloned: [["a", "1"], ["b", "2"]] });
	});

	test("gives a POST without a body an empty body, and passes headers through", async () => {
		const server = await start(async (request) => Response.json({ body: await request.text(), header: request.headers.get("x-test") }));
		const response = await fetch(server.url, { method: "POST", headers: { "x-test": "a, b" } });
		expect(await response.json()).toEqual({ body: "", header: "a, b" });
	});

	test("writes each Set-Cookie as its own header line, commas in Expires intact", async () => {
		const server = await start(() => {
			const headers = new Headers({ "content-type": "text/plain" });
			headers.append("set-cookie", "a=1; Path=/; HttpOnly");
			headers.append("set-cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/");
			headers.append("set-cookie", "c=; Max-Age=0; Path=/");
			return new Response("ok", { headers });
		});
		const { req, response } = raw(server.url);
		req.end();
		expect((await response).headers["set-cookie"]).toEqual([
			"a=1; Path=/; HttpOnly",
			"b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/",
			"c=; Max-Age=0; Path=/"
		]);
		expect((await fetch(server.url)).headers.getSetCookie()).toHaveLength(3);
	});

	test("sends no body for HEAD and cancels the Response body", async () => {
		const cancelled = deferred<boolean>();
		const server = await start(
			() =>
				new Response(new ReadableStream({ pull: (c) => c.enqueue(new TextEncoder().encode("data")), cancel: () => cancelled.resolve(true) }), {
					headers: { "x-kind": "stream" }
				})
		);
		const response = await fetch(server.url, { method: "HEAD" });
		expect(response.status).toBe(200);
		expect(response.headers.get("x-kind")).toBe("stream");
		expect(await response.text()).toBe("");
		expect(await cancelled.promise).toBe(true);
	});

	test("streams the response and stops producing while the client does not read", async () => {
		let produced = 0;
		const chunk = new Uint8Array(64 * 1024);
		const server = await start(() => new Response(new ReadableStream({ pull: (c) => void (produced++, c.enqueue(chunk)) })));
		const { req, response } = raw(server.url);
		req.end();
		const message = await response;
		message.pause();
		let last = -1;
		while (produced !== last) {
			last = produced;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		// Unbounded production would run until memory ran out; with backpressure it stalls at the socket buffers.
		expect(produced * chunk.byteLength).toBeLessThan(64 * 1024 * 1024);
		message.destroy();
	});

	test("aborts the Request's signal when the client disconnects", async () => {
		const aborted = deferred<boolean>();
		const started = deferred();
		const server = await start(async (request) => {
			request.signal.addEventListener("abort", () => aborted.resolve(true));
			started.resolve();
			await aborted.promise;
			return new Response("too late");
		});
		const { req, response } = raw(server.url);
		response.catch(() => undefined);
		req.end();
		await started.promise;
		req.destroy();
		expect(await aborted.promise).toBe(true);
	});

	test("answers a throwing handler with a bare 500 and reports the error to onError", async () => {
		const reported: unknown[] = [];
		const server = await start(
			() => {
				throw new Error("database password is hunter2");
			},
			{ onError: (error) => reported.push(error) }
		);
		const response = await fetch(server.url);
		expect(response.status).toBe(500);
		expect(await response.text()).toBe("Internal Server Error");
		expect(reported).toHaveLength(1);
	});

	test("never sends the error of a native Response's body that fails before its first chunk", async () => {
		const reported: unknown[] = [];
		const server = await start(
			() => new NativeResponse(new ReadableStream({ pull: (controller) => controller.error(new Error("cannot open /srv/secret.txt")) })),
			{ onError: (error) => reported.push(error) }
		);
		const { req, response } = raw(server.url);
		req.end();
		const message = await response.catch(() => null);
		const text = message ? await readAll(message).catch(() => "") : "";
		expect(text).not.toContain("secret");
	});

	test("forwardError takes the handler's errors with req and res; the bridge sends nothing itself", async () => {
		const reported: unknown[] = [];
		const server = await start(
			async () => {
				throw new Error("for the framework");
			},
			{
				onError: (error) => reported.push(error),
				forwardError: (error, _req, res) => res.writeHead(502, { "x-forwarded": String((error as Error).message) }).end("framework page")
			}
		);
		const response = await fetch(server.url);
		expect(response.status).toBe(502);
		expect(response.headers.get("x-forwarded")).toBe("for the framework");
		expect(await response.text()).toBe("framework page");
		expect(reported).toEqual([]);
	});

	test("records the socket address for clientAddressOf(), or what getClientAddress returns", async () => {
		const server = await start((request) => new Response(clientAddressOf(request)));
		expect(await (await fetch(server.url)).text()).toBe("127.0.0.1");
		const proxied = await start((request) => new Response(clientAddressOf(request)), {
			getClientAddress: (req) => String(req.headers["x-forwarded-for"])
		});
		expect(await (await fetch(proxied.url, { headers: { "x-forwarded-for": "203.0.113.9" } })).text()).toBe("203.0.113.9");
		expect(clientAddressOf(new Request("http://x/"))).toBeNull();
	});

	test("sends no body with 204 and 304", async () => {
		const server = await start(() => new Response(null, { status: 204 }));
		const response = await fetch(server.url);
		expect(response.status).toBe(204);
		expect(await response.text()).toBe("");
	});
});
