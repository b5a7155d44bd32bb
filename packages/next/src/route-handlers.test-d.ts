import type { Identity } from "@identity/core";
import type { NextRequest } from "next/server";
import { expectTypeOf, test } from "vitest";
import { toNextHandlers } from "./route-handlers.js";

declare const identity: Identity;

/** Next 16's route handler shape: `(request: NextRequest, context: { params: Promise<...> })`. */
type RouteContext = { params: Promise<{ id: string }> };

test("core guards keep Next's route handler signature unchanged", () => {
	const handler = async (request: NextRequest, context: RouteContext) =>
		Response.json({ id: (await context.params).id, path: request.nextUrl.pathname });
	const GET = identity.rolesRequired(handler, "admin");
	expectTypeOf(GET).parameters.toEqualTypeOf<[NextRequest, RouteContext]>();
	expectTypeOf(GET).returns.resolves.toEqualTypeOf<Response>();
	const POST = identity.loginRequired(async (_request: NextRequest) => new Response(null, { status: 204 }));
	expectTypeOf(POST).parameters.toEqualTypeOf<[NextRequest]>();
});

test("toNextHandlers() exports are assignable to Next's catch-all route handler type", () => {
	type CatchAll = (request: NextRequest, context: { params: Promise<{ path: string[] }> }) => Promise<Response>;
	const handlers = toNextHandlers(identity);
	expectTypeOf(handlers.GET).toMatchTypeOf<CatchAll>();
	expectTypeOf(handlers.POST).toMatchTypeOf<CatchAll>();
});
