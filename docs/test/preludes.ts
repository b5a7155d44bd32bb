/**
 * What a doc block may use without declaring it (`<!-- check: given identity, store -->`): the
 * names a reader already has from the Quickstart. Each becomes one `declare` line above the block.
 */
export const givenNames: Record<string, string> = {
	identity: 'declare const identity: import("@identity/core").Identity;',
	store: 'declare const store: import("@identity/core").IdentityStore;',
	secret: "declare const secret: string;",
	request: "declare const request: Request;",
	user: 'declare const user: import("@identity/core").AuthenticatedUser;',
	db: 'declare const db: import("kysely").Kysely<any>;',
	myApp: "declare const myApp: (request: Request) => Response | Promise<Response>;"
};

/** The compiler options per runtime a block names (`<!-- check: runtime bun -->`); Deno blocks are run, not compiled. */
export const runtimeTypes: Record<string, { types: string[]; lib: string[]; jsx?: "preserve" }> = {
	node: { types: ["node"], lib: ["ES2022", "DOM", "DOM.Iterable"] },
	bun: { types: ["bun"], lib: ["ES2022", "DOM", "DOM.Iterable"] },
	next: { types: ["node", "react"], lib: ["ES2022", "DOM", "DOM.Iterable"], jsx: "preserve" }
};
