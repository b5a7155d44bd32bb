import { createServer as createTcpServer, type Server } from "node:net";
import { createIdentity, createMemoryStore, createPbkdf2Hasher } from "@identity/core";
import { FIXTURE_SECRET } from "@identity/testing";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, test } from "vitest";
import { createSmtpMailer } from "./smtp-mailer.js";

interface Received {
	from: string;
	to: string[];
	raw: string;
}

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const close of closers.splice(0)) await close();
});

/** A real SMTP server on loopback (no TLS, no auth) that records what it receives, or refuses recipients. */
async function smtpServer(options: { refuse?: boolean } = {}): Promise<{ url: string; received: Received[] }> {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disableReverseLookup: true,
		disabledCommands: ["STARTTLS", "AUTH"],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (options.refuse) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
			callback();
		},
		onData(stream, session, callback) {
			let raw = "";
			stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
			stream.on("end", () => {
				received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const port = (server.server.address() as { port: number }).port;
	closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return { url: `smtp://127.0.0.1:${port}`, received };
}

/** A TCP server that accepts connections and never says a word (a hung mail server). */
async function silentServer(): Promise<string> {
	const sockets = new Set<import("node:net").Socket>();
	const server: Server = createTcpServer((socket) => void sockets.add(socket));
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	closers.push(() => {
		for (const socket of sockets) socket.destroy();
		return new Promise<void>((resolve) => server.close(() => resolve()));
	});
	return `smtp://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const message = { to: "ann@example.com", kind: "reset" as const, subject: "Reset your password", text: "Open the link", html: "<p>Open the link</p>", link: "http://localhost/identity/reset?token=t", code: "12345678" };

describe("createSmtpMailer()", () => {
	test("delivers the plain-text and HTML bodies to a real SMTP server", async () => {
		const server = await smtpServer();
		const mailer = createSmtpMailer({ url: server.url, from: "App <no-reply@app.example>" });
		closers.push(() => mailer.close());
		await mailer.send(message);
		expect(server.received).toHaveLength(1);
		const [mail] = server.received;
		expect(mail!.from).toBe("no-reply@app.example");
		expect(mail!.to).toEqual(["ann@example.com"]);
		expect(mail!.raw).toContain("Subject: Reset your password");
		expect(mail!.raw).toContain("Content-Type: text/plain");
		expect(mail!.raw).toContain("Content-Type: text/html");
		expect(mail!.raw).toContain("Open the link");
	});

	test("a refusing server rejects the send; a hung one fails it after the timeout", async () => {
		const refusing = await smtpServer({ refuse: true });
		const refused = createSmtpMailer({ url: refusing.url, from: "no-reply@app.example" });
		closers.push(() => refused.close());
		await expect(refused.send(message)).rejects.toThrow();
		const hung = createSmtpMailer({ url: await silentServer(), from: "no-reply@app.example", timeoutMs: 300 });
		closers.push(() => hung.close());
		const started = performance.now();
		await expect(hung.send(message)).rejects.toThrow();
		expect(performance.now() - started).toBeLessThan(5000);
	});

	test("refuses a malformed URL or sender at once", () => {
		expect(() => createSmtpMailer({ url: "http://mail.example", from: "a@b.example" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		expect(() => createSmtpMailer({ url: "smtp://mail.example", from: "a@b.example\r\nBcc: x@y" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
	});
});

describe("the account flows over SMTP", () => {
	async function identityWith(url: string, timeoutMs = 10_000) {
		const store = createMemoryStore();
		const mailer = createSmtpMailer({ url, from: "no-reply@app.example", timeoutMs });
		closers.push(() => mailer.close());
		const identity = createIdentity({ store, secret: FIXTURE_SECRET, mailer, flows: { recover: true }, password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) } });
		await store.createUser({ username: "ann", email: "ann@example.com", password: await identity.hashPassword("ann's passphrase") });
		const recover = (email: string) =>
			identity.handle(new Request("http://localhost/identity/recover", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) }));
		return { identity, recover };
	}

	test("a reset mail arrives with a working link; the answer is the same for an unknown address", async () => {
		const server = await smtpServer();
		const { identity, recover } = await identityWith(server.url);
		const known = await recover("ann@example.com");
		const unknown = await recover("nobody@example.com");
		expect([known.status, unknown.status]).toEqual([202, 202]);
		expect(await known.text()).toBe(await unknown.text());
		await expect.poll(() => server.received.length, { timeout: 5000 }).toBe(1);
		const token = /token=([A-Za-z0-9_.%-]+)/.exec(server.received[0]!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "="))![1]!;
		const reset = await identity.handle(
			new Request("http://localhost/identity/reset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: decodeURIComponent(token), password: "a new passphrase" }) })
		);
		expect(reset.status).toBe(200);
	});

	test("a refusing or hung mail server changes neither the answer nor its timing", async () => {
		const refusing = await smtpServer({ refuse: true });
		for (const url of [refusing.url, await silentServer()]) {
			const { recover } = await identityWith(url, 2000);
			const started = performance.now();
			const response = await recover("ann@example.com");
			expect(response.status).toBe(202);
			expect(await response.json()).toEqual({ status: "check_email" });
			expect(performance.now() - started).toBeLessThan(1000);
		}
	});
});
