import type { IdentityStoreWith, NewUser, OptionalStoreMethod, RoleRef, UserQuery, UserRef, attemptStoreMethods } from "./store.js";
import type { RoleRecord, UserRecord } from "./types.js";
import { IdentityError } from "./errors.js";
import { createMemoryFactors, createMemoryTokens, invalid, randomHex, validDate } from "./memory-store-factors.js";

/** Identity values and emails match as the SQL store matches them: NFKC, trimmed, lowercased. */
function identityKey(value: string): string {
	return value.normalize("NFKC").trim().toLowerCase();
}

/** The optional methods the memory store has: all but the attempt counters. */
export type MemoryStoreMethods = Exclude<OptionalStoreMethod, (typeof attemptStoreMethods)[number]>;

/**
 * A complete `IdentityStore` kept in memory (users, roles, links, email addresses, two-factor
 * state, passkeys, single-use tokens), for tests and for runtimes with no SQL driver at hand. It
 * passes the shared store suite (`describeStore`); it has no attempt counters (core's rate
 * limiter then counts in memory). Records handed out are copies.
 */
export function createMemoryStore(options: { identityField?: string } = {}): IdentityStoreWith<MemoryStoreMethods> {
	const identityField = options.identityField ?? "username";
	const separateEmail = identityField !== "email";
	const newUserFields = new Set([identityField, "password", "roles", "active", "uniquifier", "email", "confirmedAt"]);
	const users = new Map<string, UserRecord>();
	const byIdentity = new Map<string, string>();
	// With identityField "email" the identity index is the email index.
	const byEmail = separateEmail ? new Map<string, string>() : byIdentity;
	const roles = new Map<string, RoleRecord>();
	let nextId = 1;

	const copy = (user: UserRecord): UserRecord => ({ ...user, roles: [...user.roles] });
	const sortRoles = (user: UserRecord) => user.roles.sort();
	function lookup(query: UserQuery): UserRecord | undefined {
		if (typeof query === "string") return users.get(byIdentity.get(identityKey(query)) ?? "");
		const entries = Object.entries(query);
		const [key, value] = entries[0] ?? [];
		if (entries.length !== 1 || typeof value !== "string") throw invalid("A user query needs exactly one string field");
		if (key === "id") return users.get(value);
		if (key === "uniquifier") return [...users.values()].find((user) => user.uniquifier === value);
		if (key === identityField) return lookup(value);
		if (key === "email") return users.get(byEmail.get(identityKey(value)) ?? "");
		throw invalid("A user query may use id, uniquifier, email or the identity field");
	}
	function findRef(ref: UserRef): UserRecord | undefined {
		if (typeof ref === "string") return lookup(ref);
		if (typeof ref !== "object" || ref === null || typeof ref.id !== "string") throw invalid("Invalid user argument: expected a user record or an identity value");
		return users.get(ref.id);
	}
	function requireUser(ref: UserRef): UserRecord {
		const user = findRef(ref);
		if (!user) throw new IdentityError("ERR_USER_NOT_FOUND", "No such user");
		return user;
	}
	function requireRole(ref: RoleRef): RoleRecord {
		const role = roles.get(typeof ref === "string" ? ref : ref.name);
		if (!role) throw new IdentityError("ERR_ROLE_NOT_FOUND", "No such role");
		return role;
	}
	function emailKeyOf(email: unknown): string {
		if (typeof email !== "string" || identityKey(email) === "") throw invalid("Invalid email: expected a non-empty string");
		return identityKey(email);
	}
	function setActive(ref: UserRef, active: boolean): boolean {
		const user = requireUser(ref);
		if (user.active === active) return false;
		user.active = active;
		// Deactivation revokes: reactivating must not revive the credentials issued before.
		if (!active) user.uniquifier = randomHex();
		return true;
	}
	const tokens = createMemoryTokens();
	const factors = createMemoryFactors((ref) => findRef(ref)?.id);
	const listeners = new Set<(userId: string) => void>();

	const store: IdentityStoreWith<MemoryStoreMethods> = {
		identityField,
		async findUser(query) {
			const user = lookup(query);
			return user ? copy(user) : null;
		},
		async findRole(query) {
			const role =
				typeof query === "string" ? roles.get(query)
				: "name" in query ? roles.get(query.name)
				: [...roles.values()].find((candidate) => candidate.id === query.id);
			return role ? { ...role } : null;
		},
		async createUser(input: NewUser) {
			const identity = input[identityField];
			if (typeof identity !== "string" || identityKey(identity) === "") throw invalid(`A new user needs a ${identityField}`);
			if (typeof input.password !== "string" || input.password === "") throw invalid("A new user needs a password hash");
			if (Object.keys(input).some((key) => !newUserFields.has(key))) throw invalid("Unknown user field");
			const email = separateEmail ? (input.email ?? null) : identity;
			const emailKey = email === null ? null : emailKeyOf(email);
			const confirmedAt = input.confirmedAt ?? null;
			if (confirmedAt !== null && !validDate(confirmedAt)) throw invalid("Invalid confirmedAt: expected a valid Date or null");
			if (byIdentity.has(identityKey(identity))) throw new IdentityError("ERR_USER_EXISTS", "A user with this identity already exists");
			if (separateEmail && emailKey !== null && byEmail.has(emailKey)) throw new IdentityError("ERR_USER_EXISTS", "A user with this email already exists");
			const roleNames = (input.roles ?? []).map((role) => requireRole(role).name);
			const user: UserRecord = {
				id: String(nextId++),
				[identityField]: identity,
				password: input.password,
				active: input.active ?? true,
				uniquifier: input.uniquifier ?? randomHex(),
				roles: [...new Set(roleNames)].sort(),
				createdAt: new Date(),
				lastLoginAt: null,
				currentLoginAt: null,
				lastLoginAddress: null,
				currentLoginAddress: null,
				loginCount: 0,
				email,
				confirmedAt: confirmedAt && new Date(confirmedAt)
			};
			users.set(user.id, user);
			byIdentity.set(identityKey(identity), user.id);
			if (separateEmail && emailKey !== null) byEmail.set(emailKey, user.id);
			return copy(user);
		},
		async createRole({ name, description = null }) {
			if (roles.has(name)) throw new IdentityError("ERR_ROLE_EXISTS", "A role with this name already exists");
			const role = { id: String(nextId++), name, description };
			roles.set(name, role);
			return { ...role };
		},
		async addRoleToUser(ref, roleRef) {
			const user = requireUser(ref);
			const { name } = requireRole(roleRef);
			if (user.roles.includes(name)) return false;
			user.roles.push(name);
			sortRoles(user);
			return true;
		},
		async removeRoleFromUser(ref, roleRef) {
			const user = requireUser(ref);
			const { name } = requireRole(roleRef);
			if (!user.roles.includes(name)) return false;
			user.roles = user.roles.filter((role) => role !== name);
			return true;
		},
		async toggleActive(ref) {
			const user = requireUser(ref);
			setActive(user, !user.active);
			return true;
		},
		deactivateUser: async (ref) => setActive(ref, false),
		activateUser: async (ref) => setActive(ref, true),
		async setUniquifier(ref, uniquifier = randomHex()) {
			requireUser(ref).uniquifier = uniquifier;
			return uniquifier;
		},
		async setPassword(ref, hash) {
			requireUser(ref).password = hash;
		},
		async deleteUser(ref) {
			const user = findRef(ref);
			if (!user) return false;
			byIdentity.delete(identityKey(String(user[identityField])));
			if (separateEmail && typeof user.email === "string") byEmail.delete(identityKey(user.email));
			factors.forget(user.id);
			return users.delete(user.id);
		},
		async listUsers({ limit = 100, offset = 0 } = {}) {
			if (!Number.isInteger(limit) || !Number.isInteger(offset) || limit < 0 || offset < 0) throw invalid("limit and offset must be non-negative integers");
			return [...users.values()].slice(offset, offset + limit).map(copy);
		},
		async listRoles() {
			return [...roles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((role) => ({ ...role }));
		},
		async recordLogin(ref, { at, address }) {
			const user = requireUser(ref);
			user.lastLoginAt = user.currentLoginAt ?? at;
			user.lastLoginAddress = user.currentLoginAddress ?? address;
			user.currentLoginAt = at;
			user.currentLoginAddress = address;
			user.loginCount = (user.loginCount ?? 0) + 1;
		},
		async commit() {},
		async setEmail(ref, email) {
			const user = requireUser(ref);
			const key = emailKeyOf(email);
			const owner = byEmail.get(key);
			if (owner !== undefined && owner !== user.id) throw new IdentityError("ERR_USER_EXISTS", "A user with this email already exists");
			if (typeof user.email === "string") byEmail.delete(identityKey(user.email));
			byEmail.set(key, user.id);
			user.email = email;
			if (!separateEmail) user[identityField] = email;
		},
		async confirmUser(ref, at = new Date()) {
			if (!validDate(at)) throw invalid("Invalid confirmation time: expected a valid Date");
			const user = requireUser(ref);
			if (user.confirmedAt) return false;
			user.confirmedAt = new Date(at);
			return true;
		},
		...factors.methods,
		consumeToken: tokens.consumeToken,
		subscribe(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		}
	};
	// Every write that changes a user tells the subscribers (the identity's user cache) who changed.
	for (const name of userWrites) {
		const write = store[name] as (ref: UserRef, ...rest: unknown[]) => Promise<unknown>;
		(store as unknown as Record<string, unknown>)[name] = async (ref: UserRef, ...rest: unknown[]) => {
			const id = typeof ref === "object" || typeof ref === "string" ? findRef(ref)?.id : undefined;
			const result = await write(ref, ...rest);
			if (id) for (const listener of listeners) listener(id);
			return result;
		};
	}
	return store;
}

/** The writes that change a user record, its roles, or its second factors. */
const userWrites = [
	"addRoleToUser", "removeRoleFromUser", "toggleActive", "deactivateUser", "activateUser", "setUniquifier", "setPassword",
	"deleteUser", "recordLogin", "setEmail", "confirmUser", "setTwoFactor", "addPasskey", "deletePasskey"
] as const;
