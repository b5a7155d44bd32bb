// What the soak counts: per kind of request, the statuses, network errors and answers outside the
// kind's expected statuses; latencies of guarded reads (split by whether a login storm was in
// flight when the read started) and of hostile requests; successful logins per user.

/** Nearest-rank percentile of `values` (ms), rounded to 0.1 ms; null when empty. */
export function percentile(values, p) {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return Math.round(sorted[index] * 10) / 10;
}

const summary = (values) => ({ count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) });

export function createStats() {
	const kinds = new Map();
	const reads = { normal: [], storm: [] };
	const hostileTimes = [];
	const logins = new Map(); // username -> successful logins the server answered
	const samples = []; // the first few unexpected answers, without bodies or headers (they may carry credentials)

	function kind(name) {
		let entry = kinds.get(name);
		if (!entry) kinds.set(name, (entry = { requests: 0, statuses: {}, networkErrors: {}, unexpected: 0, toleratedResets: 0 }));
		return entry;
	}

	return {
		/**
		 * Records one answer of `name`. `expected` lists the statuses that are right for it;
		 * `mayReset` allows a network error (the server may close a connection it refuses).
		 */
		record(name, result, { expected, mayReset = false }) {
			const entry = kind(name);
			entry.requests++;
			if (result.error) {
				entry.networkErrors[result.error] = (entry.networkErrors[result.error] ?? 0) + 1;
				if (mayReset) entry.toleratedResets++;
				else {
					entry.unexpected++;
					if (samples.length < 20) samples.push({ kind: name, error: result.error });
				}
				return;
			}
			entry.statuses[result.status] = (entry.statuses[result.status] ?? 0) + 1;
			if (!expected.includes(result.status)) {
				entry.unexpected++;
				if (samples.length < 20) samples.push({ kind: name, status: result.status });
			}
		},
		read(ms, duringStorm) {
			(duringStorm ? reads.storm : reads.normal).push(ms);
		},
		hostileTime(ms) {
			hostileTimes.push(ms);
		},
		login(username) {
			logins.set(username, (logins.get(username) ?? 0) + 1);
		},
		logins,
		report() {
			const byKind = Object.fromEntries([...kinds].sort(([a], [b]) => a.localeCompare(b)));
			let requests = 0;
			let fiveXX = 0;
			let networkErrors = 0;
			let unexpected = 0;
			let toleratedResets = 0;
			for (const entry of kinds.values()) {
				requests += entry.requests;
				unexpected += entry.unexpected;
				toleratedResets += entry.toleratedResets;
				for (const [status, n] of Object.entries(entry.statuses)) if (Number(status) >= 500) fiveXX += n;
				networkErrors += Object.values(entry.networkErrors).reduce((a, b) => a + b, 0);
			}
			return {
				requests,
				fiveXX,
				networkErrors,
				toleratedResets,
				unexpected,
				unexpectedSamples: samples,
				kinds: byKind,
				guardedReads: { all: summary([...reads.normal, ...reads.storm]), normal: summary(reads.normal), duringStorms: summary(reads.storm) },
				hostileLatency: summary(hostileTimes),
				successfulLogins: [...logins.values()].reduce((a, b) => a + b, 0)
			};
		}
	};
}
