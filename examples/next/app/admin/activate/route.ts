import { fixtureRoute } from "../../../lib/fixture";

export const POST = fixtureRoute("/admin/activate", "POST");
