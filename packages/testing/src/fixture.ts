export { createFixtureApp, createFixtureRoutes } from "./fixture-app.js";
export type { FixtureHandler, FixtureRoutes } from "./fixture-app.js";
export { fixtureUsers, fixtureRoles, seedFixtureUsers, FIXTURE_SECRET } from "./fixture-users.js";
export type { FixtureUser } from "./fixture-users.js";
export { createMemoryStore } from "@identity/core";
