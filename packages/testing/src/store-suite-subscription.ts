import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

/** Change notifications: every write that changes a user tells subscribers its id (the user cache relies on it). */
export function defineSubscriptionTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("subscription");

	test.skipIf(lacking)("subscribe(): every write that changes a user notifies its id, by record or by identity value", async () => {
		const store = ctx.full();
		const user = await ctx.createUser("subscriber");
		const other = await ctx.createUser("bystander");
		const role = await store.createRole({ name: ctx.unique("role") });
		const seen: string[] = [];
		const stop = store.subscribe((userId) => seen.push(userId));
		const writes: [string, () => Promise<unknown>][] = [
			["setUniquifier", () => store.setUniquifier(user)],
			["setPassword", () => store.setPassword(user, "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA")],
			["deactivateUser", () => store.deactivateUser(user)],
			["activateUser", () => store.activateUser(user)],
			["toggleActive", () => store.toggleActive(ctx.identity(user))],
			["addRoleToUser", () => store.addRoleToUser(user, role)],
			["removeRoleFromUser", () => store.removeRoleFromUser(ctx.identity(user), role)],
			["recordLogin", () => store.recordLogin(user, { at: new Date(), address: null })]
		];
		if (ctx.has("accountFlows")) {
			writes.push(["setEmail", () => store.setEmail(user, ctx.email("subscriber"))]);
			writes.push(["confirmUser", () => store.confirmUser(user)]);
		}
		for (const [name, write] of writes) {
			seen.length = 0;
			await write();
			expect(seen, name).toEqual([user.id]);
		}
		seen.length = 0;
		await store.findUser({ id: other.id });
		await store.listUsers();
		expect(seen, "reads notify nobody").toEqual([]);
		seen.length = 0;
		await store.deleteUser(user);
		expect(seen, "deleteUser").toEqual([user.id]);
		stop();
		await store.setUniquifier(other);
		expect(seen).toEqual([user.id]);
	});
}
