import { createMemoryStore } from "@identity/core";
import { describeStore } from "./store-suite.js";

describeStore("createMemoryStore()", async () => ({ store: createMemoryStore() }));
