import { fixtureRoute } from "../../../lib/fixture";

export const POST = fixtureRoute("/admin/deactivate", "POST");
