import { fixtureRoute } from "../../../lib/fixture";

export const POST = fixtureRoute("/api/echo", "POST");
