import type { CounterStorage } from "../rate-limit/counters.js";
import type { ResolvedOptions } from "../options/resolve.js";
import type { Mailer, MailKind } from "../mail/mailer.js";
import { renderMail, type MailContext } from "../mail/templates.js";
import type { PasswordPolicy } from "../session/account.js";
import type { IdentityStoreWith } from "../store.js";
import type { UserRecord } from "../types.js";
import type { FlowPurpose, FlowTokens } from "./flow-tokens.js";

/** Wrong codes allowed per purpose and user before even the right code is refused. */
export const MAX_CODE_TRIES = 5;
/** Mails one address may receive per hour from the flows (more are dropped silently: no mail bombing). */
const MAX_MAILS_PER_RECIPIENT = 10;

/** What the account-flow routes use besides the public identity. */
export interface FlowContext {
	settings: ResolvedOptions["flows"];
	store: IdentityStoreWith<"setEmail" | "confirmUser">;
	tokens: FlowTokens;
	policy: PasswordPolicy;
	passwordMinLength: number;
	hash(password: string): Promise<string>;
	/** Sends a mail without waiting for it; a failing mailer changes nothing the client sees. */
	mail(request: Request, kind: MailKind, to: string, context: Omit<MailContext, "site">): void;
	/** The absolute URL of a route with a token, for a mail. */
	link(request: Request, endpoint: string, token: string): string;
	/** Whether the user already made `MAX_CODE_TRIES` wrong tries of codes for `purpose`. */
	codeTriesExceeded(purpose: FlowPurpose, userId: string): Promise<boolean>;
	/** Counts a wrong code. */
	wrongCode(purpose: FlowPurpose, userId: string): Promise<void>;
	/** Ends every session, remember cookie and token of the user (rotates the uniquifier). */
	revoke(user: UserRecord): Promise<string>;
	/** Clears the login throttle of the user's account (after a reset: the owner proved the address). */
	unlock(user: UserRecord): Promise<void>;
}

/** Human words for a lifetime. */
export function describeSeconds(seconds: number): string {
	if (seconds % 86_400 === 0) return `${seconds / 86_400} ${seconds === 86_400 ? "day" : "days"}`;
	if (seconds % 3600 === 0) return `${seconds / 3600} ${seconds === 3600 ? "hour" : "hours"}`;
	return `${Math.round(seconds / 60)} minutes`;
}

export function createMailDelivery(deps: { mailer: Mailer | null; counters: CounterStorage; origin: string | null; basePath: string }) {
	const originOf = (request: Request) => deps.origin ?? new URL(request.url).origin;
	return {
		link: (request: Request, endpoint: string, token: string) => `${originOf(request)}${deps.basePath}/${endpoint}?token=${encodeURIComponent(token)}`,
		mail(request: Request, kind: MailKind, to: string, context: Omit<MailContext, "site">): void {
			const mailer = deps.mailer;
			if (!mailer) return;
			const site = new URL(originOf(request)).host;
			// Not awaited: the response never waits for the mail server, nor tells whether it failed.
			void (async () => {
				const sent = await deps.counters.increment(`mail:${to.toLowerCase()}`, 3600, new Date());
				if (sent.count > MAX_MAILS_PER_RECIPIENT) return;
				await mailer.send(renderMail(kind, to, { ...context, site }));
			})().catch(() => {});
		}
	};
}
