import { fixtureRoute } from "../../lib/fixture";

export const GET = fixtureRoute("/fresh", "GET");
