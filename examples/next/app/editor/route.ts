import { fixtureRoute } from "../../lib/fixture";

export const GET = fixtureRoute("/editor", "GET");
