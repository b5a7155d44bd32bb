import { type Command, identityOf, requireUser } from "../internal/command.js";
import { CommandError } from "../internal/errors.js";

// Only a plausibility check (one @, no spaces): the address is the operator's to vouch for.
const emailShape = /^[^\s@]+@[^\s@]+$/;

/** `identity users set-email <identity> <email>`: sets the address (the identity itself with `--identity-field email`). */
export const usersSetEmail: Command = {
	spec: {
		name: "users set-email",
		summary:
			"Set a user's email address (unique ignoring case; with --identity-field email it is the identity they log in with). " +
			"The confirmation state is kept: the operator vouches for the address.",
		positionals: ["identity", "email"],
		options: {},
		examples: ["identity users set-email alice alice@example.com"]
	},
	async run(context, args) {
		const [identityArg = "", email = ""] = args.positionals;
		if (!emailShape.test(email)) throw new CommandError("ERR_INVALID_ARGUMENT", `Not an email address: "${email}"`);
		const store = await context.store();
		const user = await requireUser(store, identityArg);
		const identity = identityOf(store, user);
		await store.setEmail(user, email);
		return { data: { identity, email }, text: `Set the email address of ${identity} to ${email}` };
	}
};

/** `identity users confirm <identity>`: marks the email address confirmed, as the confirm flow would. */
export const usersConfirm: Command = {
	spec: {
		name: "users confirm",
		summary: "Mark a user's email address confirmed (as the confirmation link would), e.g. for users who existed before confirmation was switched on.",
		positionals: ["identity"],
		options: {}
	},
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const changed = await store.confirmUser(user);
		const identity = identityOf(store, user);
		const confirmedAt = (changed ? (await store.findUser({ id: user.id }))?.confirmedAt : user.confirmedAt) ?? null;
		const at = confirmedAt ? confirmedAt.toISOString() : null;
		return { data: { identity, confirmed: true, changed, confirmedAt: at }, text: changed ? `Confirmed ${identity}` : `${identity} was already confirmed (${at})` };
	}
};
