import { IdentityError, type Mailer, type MailMessage } from "@identity/core";

/** Options of {@link createSmtpMailer}. */
export interface SmtpMailerOptions {
	/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
	url: string;
	/** The sender, e.g. `"App <no-reply@app.example>"`. */
	from: string;
	/** How long to wait for the server at each step, in milliseconds. Default 10,000. */
	timeoutMs?: number;
}

interface Transport {
	sendMail(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
	close(): void;
}

/** An SMTP mailer; `close()` ends its pooled connections. */
export interface SmtpMailer extends Mailer {
	close(): void;
}

/**
 * The mail port on SMTP, through nodemailer (an optional peer dependency: `npm install nodemailer`).
 * Connections are pooled and every step has a timeout, so a server that hangs fails the send after
 * `timeoutMs` instead of holding it forever; the identity never waits for a send anyway.
 *
 * @throws IdentityError `ERR_INVALID_OPTIONS` for a malformed URL or sender (checked at once).
 * @example
 * const identity = createIdentity({ store, secret, flows: { recover: true }, mailer: createSmtpMailer({ url: env.SMTP_URL, from: "App <no-reply@app.example>" }) });
 */
export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
	let url: URL;
	try {
		url = new URL(options.url);
	} catch {
		throw new IdentityError("ERR_INVALID_OPTIONS", 'createSmtpMailer: "url" must be an smtp:// or smtps:// URL');
	}
	if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new IdentityError("ERR_INVALID_OPTIONS", 'createSmtpMailer: "url" must be an smtp:// or smtps:// URL');
	if (typeof options.from !== "string" || !/@/.test(options.from) || /[\r\n]/.test(options.from)) {
		throw new IdentityError("ERR_INVALID_OPTIONS", 'createSmtpMailer: "from" must be an address such as "App <no-reply@app.example>"');
	}
	const timeout = options.timeoutMs ?? 10_000;
	let transport: Promise<Transport> | undefined;
	const open = (): Promise<Transport> =>
		(transport ??= import("nodemailer").then(
			(module) =>
				(module.default ?? module).createTransport({
					url: options.url,
					pool: true,
					connectionTimeout: timeout,
					greetingTimeout: timeout,
					socketTimeout: timeout
				}) as Transport,
			(cause: unknown) => {
				transport = undefined;
				throw new IdentityError("ERR_INVALID_OPTIONS", "createSmtpMailer needs nodemailer: npm install nodemailer", { cause });
			}
		));
	return {
		async send(message: MailMessage) {
			const smtp = await open();
			await smtp.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
		},
		close() {
			void transport?.then((smtp) => smtp.close()).catch(() => {});
			transport = undefined;
		}
	};
}
