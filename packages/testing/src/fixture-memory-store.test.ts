import { describeStore } from "./store-suite.js";
import { createMemoryStore } from "./fixture-memory-store.js";

describeStore("createMemoryStore()", async () => ({ store: createMemoryStore() }));
