import { createMemoryStore } from "@identity/core";
import { describeStore } from "./store-suite.js";

// No attempt counters: core's rate limiter counts in memory for this store.
const capabilities = ["accountFlows", "twoFactor", "passkeys", "tokens", "subscription"] as const;

describeStore("createMemoryStore()", async () => ({ store: createMemoryStore() }), { capabilities });
describeStore("createMemoryStore({ identityField: 'email' })", async () => ({ store: createMemoryStore({ identityField: "email" }) }), { capabilities });
