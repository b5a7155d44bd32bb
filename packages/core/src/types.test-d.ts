// Type tests for the public generics, run by `vitest` (typecheck mode) and by `tsc -p tsconfig.test.json`.
// Nothing here executes: every check is on types only.
import { describe, expectTypeOf, test } from "vitest";
import {
	createIdentity,
	isIdentityError,
	type AnonymousUser,
	type AuthenticatedUser,
	type CurrentUser,
	type Identity,
	type IdentityErrorCode,
	type IdentityStore
} from "./index.js";

declare const identity: Identity;
declare const store: IdentityStore;

/** Next.js App Router: `(request, { params })` with async params (Next 15+). */
interface RouteContext {
	params: Promise<{ id: string }>;
}
/** workerd: `(request, env, ctx)`. */
interface Env {
	DB: { prepare(sql: string): unknown };
	SECRET: string;
}
interface ExecutionContextLike {
	waitUntil(promise: Promise<unknown>): void;
	passThroughOnException(): void;
}
/** A Request subclass with extra fields, like Next's `NextRequest`. */
declare class NextRequestLike extends Request {
	readonly nextUrl: URL;
	readonly cookies: { get(name: string): { value: string } | undefined };
}

describe("guards keep the handler's signature", () => {
	test("loginRequired((req: Request) => Response) is (req: Request) => Response | Promise<Response> (sync on the cached path)", () => {
		const guarded = identity.loginRequired((req: Request) => new Response(req.url));
		expectTypeOf(guarded).toEqualTypeOf<(req: Request) => Response | Promise<Response>>();
	});

	test("an async handler gives a Promise", () => {
		const guarded = identity.loginRequired(async (req: Request) => new Response(req.url));
		expectTypeOf(guarded).toEqualTypeOf<(req: Request) => Promise<Response>>();
	});

	test("a Next.js route handler keeps its context parameter", () => {
		const guarded = identity.loginRequired(async (req: Request, ctx: RouteContext) => Response.json({ id: (await ctx.params).id, url: req.url }));
		expectTypeOf(guarded).toEqualTypeOf<(req: Request, ctx: RouteContext) => Promise<Response>>();
		expectTypeOf(guarded).parameter(1).toEqualTypeOf<RouteContext>();
		// @ts-expect-error the context is still required
		void guarded(new Request("http://localhost/"));
	});

	test("a workerd handler keeps env and ctx", () => {
		const guarded = identity.rolesRequired((req: Request, env: Env, ctx: ExecutionContextLike) => {
			ctx.waitUntil(Promise.resolve(env.SECRET));
			return new Response(req.url);
		}, "admin");
		expectTypeOf(guarded).toEqualTypeOf<(req: Request, env: Env, ctx: ExecutionContextLike) => Response | Promise<Response>>();
		expectTypeOf(guarded).parameters.toEqualTypeOf<[Request, Env, ExecutionContextLike]>();
	});

	test("a Request subclass (NextRequest-like) is kept, not widened to Request", () => {
		const guarded = identity.authRequired((req: NextRequestLike, ctx: RouteContext) => new Response(req.nextUrl.pathname + String(ctx)));
		expectTypeOf(guarded).parameter(0).toEqualTypeOf<NextRequestLike>();
		expectTypeOf(guarded).toEqualTypeOf<(req: NextRequestLike, ctx: RouteContext) => Response | Promise<Response>>();
		// @ts-expect-error a plain Request lacks nextUrl and cookies
		void guarded(new Request("http://localhost/"), { params: Promise.resolve({ id: "1" }) });
	});

	test("every guard keeps the signature", () => {
		type Next = (req: Request, ctx: RouteContext) => Promise<Response>;
		const handler = async (req: Request, ctx: RouteContext) => new Response(`${req.url} ${(await ctx.params).id}`);
		expectTypeOf(identity.withIdentity(handler)).toEqualTypeOf<Next>();
		expectTypeOf(identity.loginRequired(handler)).toEqualTypeOf<Next>();
		expectTypeOf(identity.freshLoginRequired(handler)).toEqualTypeOf<Next>();
		expectTypeOf(identity.freshLoginRequired(handler, { maxAgeSeconds: 300 })).toEqualTypeOf<Next>();
		expectTypeOf(identity.authRequired(handler)).toEqualTypeOf<Next>();
		expectTypeOf(identity.authRequired(handler, "token", "session", "basic")).toEqualTypeOf<Next>();
		expectTypeOf(identity.rolesRequired(handler, "admin")).toEqualTypeOf<Next>();
		expectTypeOf(identity.rolesAccepted(handler, "admin", "editor")).toEqualTypeOf<Next>();
	});

	test("guards compose", () => {
		const inner = identity.rolesAccepted((req: Request, env: Env) => new Response(req.url + env.SECRET), "editor");
		expectTypeOf(identity.freshLoginRequired(inner)).toEqualTypeOf<(req: Request, env: Env) => Response | Promise<Response>>();
		const asyncInner = identity.rolesAccepted(async (req: Request, env: Env) => new Response(req.url + env.SECRET), "editor");
		expectTypeOf(identity.freshLoginRequired(asyncInner)).toEqualTypeOf<(req: Request, env: Env) => Promise<Response>>();
	});

	test("a handler that does not return a Response is refused", () => {
		// @ts-expect-error a string is not a Response
		identity.loginRequired((req: Request) => req.url);
		// @ts-expect-error neither is a Promise of one
		identity.loginRequired(async (req: Request) => ({ url: req.url }));
		// @ts-expect-error the first parameter must be a Request
		identity.loginRequired((req: string) => new Response(req));
	});
});

describe("guard arguments", () => {
	const handler = (req: Request) => new Response(req.url);

	test("rolesRequired takes role names and arrays (any-of groups), mutable or readonly", () => {
		expectTypeOf(identity.rolesRequired(handler, "a", ["b", "c"])).toEqualTypeOf<(req: Request) => Response | Promise<Response>>();
		const group = ["b", "c"] as const;
		identity.rolesRequired(handler, group, "a");
		// @ts-expect-error a role is a string
		identity.rolesRequired(handler, 1);
	});

	test("rolesAccepted takes role names only", () => {
		identity.rolesAccepted(handler, "a", "b");
		// @ts-expect-error rolesAccepted is already any-of: no groups
		identity.rolesAccepted(handler, ["a", "b"]);
	});

	test("authRequired takes only the known methods", () => {
		identity.authRequired(handler, "token");
		identity.authRequired(handler, "session", "basic");
		// @ts-expect-error "magic" is not an auth method
		identity.authRequired(handler, "magic");
		// @ts-expect-error neither is a near miss
		identity.authRequired(handler, "Token");
	});

	test("urlForIdentity knows its endpoints", () => {
		expectTypeOf(identity.urlForIdentity("login", { next: "/admin" })).toEqualTypeOf<string>();
		// @ts-expect-error there is no signup route
		identity.urlForIdentity("signup");
	});
});

describe("the current user", () => {
	test("currentUser(req) is CurrentUser; getCurrentUser(req) is Promise<CurrentUser>", () => {
		const req = new Request("http://localhost/");
		expectTypeOf(identity.currentUser(req)).toEqualTypeOf<CurrentUser>();
		expectTypeOf(identity.getCurrentUser(req)).toEqualTypeOf<Promise<CurrentUser>>();
		expectTypeOf<CurrentUser>().toEqualTypeOf<AuthenticatedUser | AnonymousUser>();
	});

	test("narrowing on isAuthenticated gives AuthenticatedUser, else AnonymousUser", () => {
		const user = identity.currentUser(new Request("http://localhost/"));
		if (user.isAuthenticated) {
			expectTypeOf(user).toEqualTypeOf<AuthenticatedUser>();
			expectTypeOf(user.id).toEqualTypeOf<string>();
			expectTypeOf(user.roles).toExtend<readonly string[]>();
			expectTypeOf(user.isAnonymous).toEqualTypeOf<false>();
		} else {
			expectTypeOf(user).toEqualTypeOf<AnonymousUser>();
			expectTypeOf(user.isAnonymous).toEqualTypeOf<true>();
			expectTypeOf(user.id).toEqualTypeOf<unknown>();
		}
	});

	test("narrowing on isAnonymous works the same way", () => {
		const user = identity.currentUser(new Request("http://localhost/"));
		if (!user.isAnonymous) expectTypeOf(user).toEqualTypeOf<AuthenticatedUser>();
	});

	test("hasRoles and getSecurityPayload are synchronous", () => {
		const user = identity.currentUser(new Request("http://localhost/"));
		expectTypeOf(identity.hasRoles(user, "a", ["b", "c"])).toEqualTypeOf<boolean>();
		expectTypeOf(identity.getSecurityPayload(user)).toEqualTypeOf<Record<string, unknown>>();
	});
});

describe("createIdentity and errors", () => {
	test("createIdentity returns an Identity and refuses unknown options", () => {
		expectTypeOf(createIdentity({ store, secret: "x".repeat(32) })).toEqualTypeOf<Identity>();
		createIdentity({ store, secret: ["new".repeat(11), "old".repeat(11)] });
		// @ts-expect-error an unknown option is a type error (and a runtime InvalidOptionsError)
		createIdentity({ store, secret: "x".repeat(32), secrets: [] });
		// @ts-expect-error store is required
		createIdentity({ secret: "x".repeat(32) });
	});

	test("isIdentityError narrows to an error with a typed code", () => {
		const error: unknown = new Error("x");
		if (isIdentityError(error)) expectTypeOf(error.code).toEqualTypeOf<IdentityErrorCode>();
	});
});
