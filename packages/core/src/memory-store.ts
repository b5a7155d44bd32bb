import type { IdentityStore, NewUser, RoleRef, UserQuery, UserRef } from "./store.js";
import type { RoleRecord, UserRecord } from "./types.js";
import { IdentityError } from "./errors.js";

function randomId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Identity values match as the SQL store matches them: NFKC, trimmed, lowercased. */
function identityKey(value: string): string {
	return value.normalize("NFKC").trim().toLowerCase();
}

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

/**
 * A complete `IdentityStore` kept in memory (users, roles, links), for tests and for runtimes with
 * no SQL driver at hand; it passes the shared store suite (`describeStore`) except the optional
 * attempt counters (core's rate limiter then counts in memory). Records handed out are copies.
 */
export function createMemoryStore(options: { identityField?: string } = {}): IdentityStore {
	const identityField = options.identityField ?? "username";
	const newUserFields = new Set([identityField, "password", "roles", "active", "uniquifier"]);
	const users = new Map<string, UserRecord>();
	const byIdentity = new Map<string, string>();
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
		throw invalid("A user query may use id, uniquifier or the identity field");
	}
	function requireUser(ref: UserRef): UserRecord {
		const user = typeof ref === "string" ? lookup(ref) : users.get(ref.id);
		if (!user) throw new IdentityError("ERR_USER_NOT_FOUND", "No such user");
		return user;
	}
	function requireRole(ref: RoleRef): RoleRecord {
		const role = roles.get(typeof ref === "string" ? ref : ref.name);
		if (!role) throw new IdentityError("ERR_ROLE_NOT_FOUND", "No such role");
		return role;
	}
	function setActive(ref: UserRef, active: boolean): boolean {
		const user = requireUser(ref);
		if (user.active === active) return false;
		user.active = active;
		return true;
	}

	return {
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
			if (byIdentity.has(identityKey(identity))) throw new IdentityError("ERR_USER_EXISTS", "A user with this identity already exists");
			const roleNames = (input.roles ?? []).map((role) => requireRole(role).name);
			const user: UserRecord = {
				id: String(nextId++),
				[identityField]: identity,
				password: input.password,
				active: input.active ?? true,
				uniquifier: input.uniquifier ?? randomId(),
				roles: [...new Set(roleNames)].sort(),
				createdAt: new Date(),
				lastLoginAt: null,
				currentLoginAt: null,
				lastLoginAddress: null,
				currentLoginAddress: null,
				loginCount: 0
			};
			users.set(user.id, user);
			byIdentity.set(identityKey(identity), user.id);
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
			user.active = !user.active;
			return true;
		},
		deactivateUser: async (ref) => setActive(ref, false),
		activateUser: async (ref) => setActive(ref, true),
		async setUniquifier(ref, uniquifier = randomId()) {
			requireUser(ref).uniquifier = uniquifier;
			return uniquifier;
		},
		async setPassword(ref, hash) {
			requireUser(ref).password = hash;
		},
		async deleteUser(ref) {
			const user = typeof ref === "string" ? lookup(ref) : users.get(ref.id);
			if (!user) return false;
			byIdentity.delete(identityKey(String(user[identityField])));
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
		async commit() {}
	};
}
