import { createFixtureRoutes, type FixtureHandler } from "@identity/testing/fixture";
import { identity } from "./identity";

const routes = createFixtureRoutes(identity);

/** A route of the shared fixture app (the routes every adapter serves for the shared suite). */
export function fixtureRoute(path: string, method: "GET" | "POST"): FixtureHandler {
	const handler = routes[path]?.[method];
	if (!handler) throw new Error(`The fixture app has no ${method} ${path}`);
	return handler;
}
