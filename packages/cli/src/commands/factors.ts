import type { PasskeyRecord } from "@identity/core";
import { type Command, identityOf, requireUser } from "../internal/command.js";
import { CommandError } from "../internal/errors.js";
import { formatTable, formatValue } from "../internal/output.js";

/** `identity users two-factor disable <identity>`: the operator's way back in for a user who lost their authenticator. */
export const usersTwoFactorDisable: Command = {
	spec: {
		name: "users two-factor disable",
		summary:
			"Turn off a user's two-factor authentication and delete their recovery codes (for a lost authenticator), " +
			"and end their sessions, remember cookies and tokens. They log in with their password alone and may enrol again.",
		positionals: ["identity"],
		options: {}
	},
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const identity = identityOf(store, user);
		if (!(await store.getTwoFactor(user))) {
			return { data: { identity, twoFactor: false, changed: false }, text: `${identity} has no two-factor authentication` };
		}
		await store.setTwoFactor(user, null);
		// Whoever holds a session made with the lost factor is signed out too.
		await store.setUniquifier(user);
		return {
			data: { identity, twoFactor: false, changed: true, reset: true },
			text: `Turned off two-factor authentication for ${identity} and deleted their recovery codes; their sessions, remember cookies and tokens no longer work`
		};
	}
};

const algorithms: Record<number, string> = { [-7]: "ES256", [-257]: "RS256" };

function passkeyView(passkey: PasskeyRecord): Record<string, unknown> {
	return {
		id: passkey.id,
		name: passkey.name,
		algorithm: algorithms[passkey.algorithm] ?? String(passkey.algorithm),
		transports: passkey.transports,
		createdAt: passkey.createdAt.toISOString(),
		lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null
	};
}

/** `identity users passkeys list <identity>`. */
export const usersPasskeysList: Command = {
	spec: { name: "users passkeys list", summary: "List a user's passkeys (never their public keys).", positionals: ["identity"], options: {} },
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const identity = identityOf(store, user);
		const passkeys = (await store.listPasskeys(user)).map(passkeyView);
		const rows = passkeys.map((p) => [p.id, p.name, p.algorithm, p.createdAt, p.lastUsedAt].map(formatValue));
		const text = passkeys.length ? formatTable(["ID", "NAME", "ALGORITHM", "CREATED", "LAST USED"], rows) : `${identity} has no passkeys`;
		return { data: { identity, passkeys }, text };
	}
};

/** `identity users passkeys delete <identity> <id>`. */
export const usersPasskeysDelete: Command = {
	spec: {
		name: "users passkeys delete",
		summary: "Delete one of a user's passkeys (by the id `users passkeys list` shows). Sessions made with it continue: `users reset-access` ends them.",
		positionals: ["identity", "id"],
		options: {},
		examples: ["identity users passkeys delete alice AbC123..."]
	},
	async run(context, args) {
		const [identityArg = "", id = ""] = args.positionals;
		const store = await context.store();
		const user = await requireUser(store, identityArg);
		const identity = identityOf(store, user);
		if (!(await store.deletePasskey(user, id))) throw new CommandError("ERR_PASSKEY_NOT_FOUND", `${identity} has no passkey "${id}"`);
		return { data: { identity, deleted: id }, text: `Deleted the passkey ${id} of ${identity}` };
	}
};
