import {
	type IdentityStore,
	type IdentityStoreWith,
	type OptionalStoreMethod,
	type UserRecord,
	accountFlowStoreMethods,
	attemptStoreMethods,
	passkeyStoreMethods,
	subscriptionStoreMethods,
	tokenStoreMethods,
	twoFactorStoreMethods
} from "@identity/core";

/** A store under test and how to dispose of it. */
export interface StoreFixture {
	store: IdentityStore;
	/** Closes connections and drops whatever the factory created (schema, database, file). */
	close?(): Promise<void>;
}

/** Creates a fresh, empty store, isolated from every other run (its own schema, database or file). */
export type StoreFactory = () => Promise<StoreFixture>;

/** The optional method groups of the store port. */
export type StoreCapability = "accountFlows" | "twoFactor" | "passkeys" | "attempts" | "tokens" | "subscription";

/** The port methods of each capability. */
export const capabilityMethods: Readonly<Record<StoreCapability, readonly OptionalStoreMethod[]>> = {
	accountFlows: accountFlowStoreMethods,
	twoFactor: twoFactorStoreMethods,
	passkeys: passkeyStoreMethods,
	attempts: attemptStoreMethods,
	tokens: tokenStoreMethods,
	subscription: subscriptionStoreMethods
};

/** Every capability: what a store has unless its suite says otherwise. */
export const allCapabilities = Object.keys(capabilityMethods) as StoreCapability[];

/** Options of `describeStore`. */
export interface DescribeStoreOptions {
	/** When set, the suite is skipped and this reason is printed (a missing test server, say). */
	skip?: string;
	/**
	 * The optional method groups the store implements. Default: all of them. The tests of a
	 * missing group are reported as skipped, and one test checks that the store has exactly the
	 * groups declared here.
	 */
	capabilities?: readonly StoreCapability[];
}

/** What the parts of the suite share. */
export interface StoreSuiteContext {
	store(): IdentityStore;
	/** The store with every optional method; only for tests of capabilities it declares. */
	full(): IdentityStoreWith<OptionalStoreMethod>;
	/** Whether the store declares a capability (known when the tests are collected). */
	has(capability: StoreCapability): boolean;
	/** A name unique to this run, so tests sharing one store never collide. */
	unique(base: string): string;
	/** A unique email address built from `base`. */
	email(base: string): string;
	/** Creates a user named `unique(base)` (an email address when the identity field is `email`). */
	createUser(base: string, extra?: Record<string, unknown>): Promise<UserRecord>;
	/** The identity value of a user record. */
	identity(user: UserRecord): string;
}
