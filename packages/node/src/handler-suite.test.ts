import { createIdentity } from "@identity/core";
import { createFixtureApp, createMemoryStore, describeHandlers, FIXTURE_SECRET, seedFixtureUsers } from "@identity/testing";
import { serve } from "./serve.js";
import { clientAddressOf } from "./client-address.js";

describeHandlers("@identity/node serve()", {
	async start() {
		const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET, getClientAddress: clientAddressOf });
		await seedFixtureUsers(identity.store, identity.hashPassword);
		return serve(createFixtureApp(identity));
	},
	recordsClientAddress: true
});
