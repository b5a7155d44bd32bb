// A test fixture for native-argon2-hasher.test.ts: the real @node-rs/argon2, counting the hashes in flight.
import * as real from "@node-rs/argon2";

export const counts = { inFlight: 0, most: 0, calls: 0 };

export async function hashRaw(password, options) {
	counts.calls++;
	counts.inFlight++;
	counts.most = Math.max(counts.most, counts.inFlight);
	try {
		return await real.hashRaw(password, options);
	} finally {
		counts.inFlight--;
	}
}
