import type { Command } from "../internal/command.js";
import { generateSecret } from "../internal/random.js";

/** `identity secret`: a strong random value for `IDENTITY_SECRET`. */
export const secret: Command = {
	spec: {
		name: "secret",
		summary: "Print a new random secret for IDENTITY_SECRET (32 random bytes as hex). Nothing is stored.",
		positionals: [],
		usesStore: false,
		options: {},
		examples: ['echo "IDENTITY_SECRET=$(identity secret)" >> .env']
	},
	async run() {
		const value = generateSecret();
		return { data: { secret: value }, text: value };
	}
};
