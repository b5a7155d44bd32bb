/** What a mail is about. */
export type MailKind = "confirm" | "account-exists" | "reset" | "password-changed" | "change-email" | "email-changed";

/** One mail the account flows send. Never carries a password or a hash. */
export interface MailMessage {
	to: string;
	kind: MailKind;
	subject: string;
	/** The plain-text body. */
	text: string;
	/** The HTML body (every value in it is escaped). */
	html: string;
	/** The link the mail offers (confirm, reset, change-email), absolute. */
	link?: string;
	/** The 8-digit code that works in place of the link. */
	code?: string;
}

/** The mail port: `@identity/node`'s `createSmtpMailer`, core's `createOutboxMailer`, or your own. */
export interface Mailer {
	send(message: MailMessage): Promise<void>;
}

/** A mailer that keeps messages in memory, for development and tests. */
export interface OutboxMailer extends Mailer {
	/** Every message sent so far, oldest first (copies). */
	messages(): MailMessage[];
	/** Forgets every message. */
	clear(): void;
}

/**
 * A mailer that keeps messages in memory instead of sending them, for development (a dev mailbox
 * page can list them) and tests. Bounded: the oldest messages go once it holds `limit` (default 1000).
 *
 * @example
 * const mailer = createOutboxMailer();
 * const identity = createIdentity({ store, secret, mailer, flows: { register: true, confirm: true } });
 * // later: mailer.messages().at(-1)?.link
 */
export function createOutboxMailer(options: { limit?: number } = {}): OutboxMailer {
	const limit = options.limit ?? 1000;
	const outbox: MailMessage[] = [];
	return {
		async send(message) {
			outbox.push({ ...message });
			if (outbox.length > limit) outbox.shift();
		},
		messages: () => outbox.map((message) => ({ ...message })),
		clear() {
			outbox.length = 0;
		}
	};
}
