// The mask penalty of ISO/IEC 18004 section 7.8.3 (N1 = 3, N2 = 3, N3 = 40, N4 = 10). Outside the
// symbol counts as light, as the quiet zone is.

/** The penalty of a finished symbol (`modules` row-major, 1 = dark); the mask with the lowest wins. */
export function penaltyScore(modules: Uint8Array, size: number): number {
	let score = 0;
	const row = new Uint8Array(size);
	const column = new Uint8Array(size);
	for (let i = 0; i < size; i++) {
		for (let j = 0; j < size; j++) {
			row[j] = modules[i * size + j] as number;
			column[j] = modules[j * size + i] as number;
		}
		score += lineScore(row) + lineScore(column);
	}
	for (let y = 0; y < size - 1; y++) {
		for (let x = 0; x < size - 1; x++) {
			const c = modules[y * size + x];
			if (c === modules[y * size + x + 1] && c === modules[(y + 1) * size + x] && c === modules[(y + 1) * size + x + 1]) score += 3;
		}
	}
	let dark = 0;
	for (const module of modules) dark += module;
	const total = size * size;
	// 10 points for each full 5 % step away from half dark.
	score += Math.max(0, Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
	return score;
}

/** N1 (runs of 5 or more) and N3 (1:1:3:1:1 finder look-alikes with 4 light modules on a side) of one line. */
function lineScore(line: Uint8Array): number {
	// Run lengths, alternating light and dark, starting with a (possibly empty) light run.
	const runs: number[] = [0];
	let color = 0;
	for (const module of line) {
		if (module === color) runs[runs.length - 1] = (runs[runs.length - 1] as number) + 1;
		else {
			runs.push(1);
			color = module;
		}
	}
	let score = 0;
	for (const run of runs) if (run >= 5) score += 3 + (run - 5);
	// The light surroundings are as long as you like.
	runs[0] = (runs[0] as number) + line.length;
	if (runs.length % 2 === 1) runs[runs.length - 1] = (runs[runs.length - 1] as number) + line.length;
	else runs.push(line.length);
	for (let j = 1; j + 5 < runs.length; j += 2) {
		const n = runs[j] as number;
		if (runs[j + 1] !== n || runs[j + 2] !== 3 * n || runs[j + 3] !== n || runs[j + 4] !== n) continue;
		const before = runs[j - 1] as number;
		const after = runs[j + 5] as number;
		if (before >= 4 * n && after >= n) score += 40;
		if (after >= 4 * n && before >= n) score += 40;
	}
	return score;
}
