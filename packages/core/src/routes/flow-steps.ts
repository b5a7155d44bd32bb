import { readEmail } from "../flows/email.js";
import type { FlowContext } from "../flows/flow-context.js";
import type { FlowPurpose } from "../flows/flow-tokens.js";
import type { BodyFields } from "../http/body.js";
import type { UserRecord } from "../types.js";
import { field } from "./fields.js";

/** The user an emailed link or code names, when it is valid; the new address of an email change too. */
export interface FlowSubject {
	user: UserRecord;
	newEmail?: string;
}

/**
 * Resolves the `token` field, or the `email` and `code` fields, of a flow step to its user. A code
 * allows at most 5 wrong tries per user and purpose (after the fifth, even the right code is
 * refused until it expires). Null for every invalid, used or expired token or code: one answer.
 * `codeUser` finds the user a code is for (by default: the user with that email address).
 */
export async function resolveFlowSubject(
	flows: FlowContext,
	purpose: FlowPurpose,
	fields: BodyFields,
	codeUser?: (email: string) => Promise<{ user: UserRecord; newEmail?: string } | null>
): Promise<FlowSubject | null> {
	const token = field(fields, "token");
	if (typeof token === "string" && token !== "") {
		const claims = await flows.tokens.read(purpose, token);
		const user = claims && (await flows.store.findUser({ id: claims.sub }));
		if (!claims || !user || !(await flows.tokens.matches(purpose, claims, user))) return null;
		return claims.em !== undefined ? { user, newEmail: claims.em } : { user };
	}
	const email = readEmail(field(fields, "email"));
	const code = field(fields, "code");
	if (!email || typeof code !== "string") return null;
	const subject: { user: UserRecord; newEmail?: string } | null = codeUser
		? await codeUser(email)
		: await flows.store.findUser({ email }).then((user) => (user ? { user } : null));
	if (!subject) return null;
	if (await flows.codeTriesExceeded(purpose, subject.user.id)) return null;
	if (!(await flows.tokens.checkCode(purpose, subject.user, code, subject.newEmail))) {
		await flows.wrongCode(purpose, subject.user.id);
		return null;
	}
	return subject;
}
