import { escapeHtml } from "../http/html.js";
import type { MailKind, MailMessage } from "./mailer.js";

/** What a mail may mention: never a password, a hash or a session credential. */
export interface MailContext {
	/** The site the mail is about (the origin's host). */
	site: string;
	/** The account's identity value, when the mail names the account. */
	account?: string;
	link?: string;
	code?: string;
	/** How long the link and code stay valid, in words ("24 hours"). */
	validFor?: string;
	/** The new address of an email change. */
	newEmail?: string;
}

interface Template {
	subject(c: MailContext): string;
	/** Paragraphs; the link and the code are added by `renderMail`. */
	lines(c: MailContext): string[];
	action?: string;
}

const ignore = "If this wasn't you, you can ignore this message.";

const templates: Record<MailKind, Template> = {
	confirm: {
		subject: (c) => `Confirm your email address for ${c.site}`,
		lines: (c) => [`Welcome! Confirm your email address to finish creating your account on ${c.site}.`, ignore],
		action: "Confirm my address"
	},
	"account-exists": {
		subject: (c) => `Someone tried to create an account on ${c.site}`,
		lines: (c) => [
			`Someone (perhaps you) tried to create an account on ${c.site} with this address or your username${c.account ? ` (${c.account})` : ""}, but you already have an account.`,
			"If you forgot your password, use \"Forgot password?\" on the sign-in page. Otherwise you can ignore this message."
		]
	},
	reset: {
		subject: (c) => `Reset your password for ${c.site}`,
		lines: (c) => [`Someone asked to reset the password of your account${c.account ? ` (${c.account})` : ""} on ${c.site}.`, ignore],
		action: "Choose a new password"
	},
	"password-changed": {
		subject: (c) => `Your password on ${c.site} was changed`,
		lines: (c) => [
			`The password of your account${c.account ? ` (${c.account})` : ""} on ${c.site} was just changed, and every session was signed out.`,
			"If this wasn't you, reset your password now with \"Forgot password?\" on the sign-in page."
		]
	},
	"change-email": {
		subject: (c) => `Confirm your new email address for ${c.site}`,
		lines: (c) => [`Confirm this address as the new email address of your account${c.account ? ` (${c.account})` : ""} on ${c.site}.`, ignore],
		action: "Confirm my new address"
	},
	"email-changed": {
		subject: (c) => `The email address of your account on ${c.site} is changing`,
		lines: (c) => [
			`Someone signed in to your account${c.account ? ` (${c.account})` : ""} on ${c.site} asked to change its email address${c.newEmail ? ` to ${c.newEmail}` : ""}. The change takes effect once the new address is confirmed.`,
			"If this wasn't you, reset your password now and sign out everywhere."
		]
	}
};

/** The subject, plain-text and HTML bodies of a mail of `kind`, every value escaped in the HTML. */
export function renderMail(kind: MailKind, to: string, context: MailContext): MailMessage {
	const template = templates[kind];
	const lines = template.lines(context);
	const text = [...lines];
	const html = lines.map((line) => `<p>${escapeHtml(line)}</p>`);
	if (context.link) {
		text.push(`${template.action ?? "Open"}: ${context.link}`);
		html.push(`<p><a href="${escapeHtml(context.link)}">${escapeHtml(template.action ?? "Open")}</a></p>`);
	}
	if (context.code) {
		text.push(`Or enter this code: ${context.code}`);
		html.push(`<p>Or enter this code: <strong style="font-size:1.25em;letter-spacing:.1em">${escapeHtml(context.code)}</strong></p>`);
	}
	if (context.validFor && (context.link || context.code)) {
		text.push(`The link and the code work once, for ${context.validFor}.`);
		html.push(`<p>The link and the code work once, for ${escapeHtml(context.validFor)}.</p>`);
	}
	const message: MailMessage = {
		to,
		kind,
		subject: template.subject(context),
		text: `${text.join("\n\n")}\n`,
		html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${html.join("")}</body></html>`
	};
	if (context.link) message.link = context.link;
	if (context.code) message.code = context.code;
	return message;
}
