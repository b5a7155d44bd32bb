// The soak's simulated clients. Every client has its own user (single-session mode: a login or a
// logout of a user ends that user's other sessions), its own connection(s) and its own address in
// `x-soak-address`, so each answer has one right status:
// - readers: sign in once, then guarded reads by session cookie (loginRequired) and bearer token
//   (authRequired "token"), token calls (a minted token used in `Authentication-Token`), and now
//   and then a logout, after which the old cookie and token must be refused, and a new login;
// - login storms: bursts of concurrent logins on new connections: right passwords (JSON and form,
//   some on legacy hashes that get upgraded), wrong passwords sprayed at "victim" accounts from
//   random addresses and one fixed attacker address, unknown names;
// - owners of the victim accounts, whose device cookie must keep them signed in (never 429);
// - hostile clients (hostile.mjs).
import { createJar, freshAgent, jsonOf, keepAliveAgent, send } from "./http.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const byte = () => Math.floor(Math.random() * 254) + 1;
const randomAddress = () =>
	Math.random() < 0.2 ? `2001:db8:${byte().toString(16)}:${byte().toString(16)}::${byte().toString(16)}` : `10.${byte()}.${byte()}.${byte()}`;
/** One address every spray shares part of its attempts from: it gets limited per address. */
const ATTACKER_ADDRESS = "203.0.113.66";

const sameOrigin = { "sec-fetch-site": "same-origin" };

export function createTraffic({ url, stats, plan, clock }) {
	const at = (path) => `${url}${path}`;

	/** A password login; counts the success for `username`. Returns the answer. */
	async function login(agent, kind, { username, password, address, asForm = false, cookie = null, expected }) {
		const headers = { "x-soak-address": address, ...(cookie ? { cookie, ...sameOrigin } : {}) };
		const request = asForm
			? { headers: { ...headers, "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: url }, body: new URLSearchParams({ username, password }).toString() }
			: { headers: { ...headers, "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ username, password }) };
		const result = await send(agent, at("/identity/login"), { method: "POST", ...request });
		stats.record(kind, result, { expected });
		if (result.status === (asForm ? 303 : 200)) stats.login(username);
		return result;
	}

	/** A reader: own user, own keep-alive connection, paced by `think` ms. */
	async function reader(user, index, { think, stopped }) {
		const agent = keepAliveAgent(1);
		const jar = createJar();
		const address = `192.168.${Math.floor(index / 250)}.${(index % 250) + 1}`;
		let bearer = null;
		const signIn = async () => {
			jar.clear();
			const result = await login(agent, "login.reader", { ...user, address, expected: [200] });
			jar.take(result);
			bearer = jsonOf(result)?.authenticationToken ?? null;
			return result.status === 200 && bearer !== null;
		};
		const read = async (kind, path, headers) => {
			const storm = clock.stormActive();
			const result = await send(agent, at(path), { headers: { accept: "application/json", "x-soak-address": address, ...headers } });
			stats.record(kind, result, { expected: [200] });
			if (!result.error) stats.read(result.ms, storm);
			jar.take(result);
		};
		/** Signs in, retrying; false when the run stopped first. */
		const signedIn = async () => {
			while (!(await signIn())) {
				if (stopped()) return false;
				await sleep(200);
			}
			return true;
		};
		if (!(await signedIn())) return agent.destroy();
		let untilLogout = 150 + Math.floor(Math.random() * 300);
		for (let n = 0; !stopped(); n++) {
			const step = n % 10;
			if (step < 5) await read("read.session", "/api/me", { cookie: jar.header() });
			else if (step < 9) await read("read.bearer", "/api/data", { authorization: `Bearer ${bearer}` });
			else {
				const minted = await send(agent, at("/api/token"), {
					method: "POST",
					headers: { cookie: jar.header(), ...sameOrigin, "content-type": "application/json", accept: "application/json", "x-soak-address": address },
					body: "{}"
				});
				stats.record("token.mint", minted, { expected: [200] });
				const token = jsonOf(minted)?.token;
				if (token) await read("read.token-header", "/api/data", { "authentication-token": token });
			}
			if (--untilLogout === 0) {
				const oldCookie = jar.header();
				const oldBearer = bearer;
				const out = await send(agent, at("/identity/logout"), {
					method: "POST",
					headers: { cookie: oldCookie, ...sameOrigin, "content-type": "application/json", accept: "application/json", "x-soak-address": address },
					body: "{}"
				});
				stats.record("logout", out, { expected: [200] });
				// Revocation: copies of the old credentials stop working at once (the same store object).
				stats.record("revoked.bearer", await send(agent, at("/api/data"), { headers: { authorization: `Bearer ${oldBearer}`, accept: "application/json" } }), { expected: [401] });
				stats.record("revoked.session", await send(agent, at("/api/me"), { headers: { cookie: oldCookie, accept: "application/json" } }), { expected: [401] });
				if (!(await signedIn())) break;
				untilLogout = 150 + Math.floor(Math.random() * 300);
			}
			await sleep(think * (0.5 + Math.random()));
		}
		agent.destroy();
	}

	/** One storm login, chosen from the mix: 60% right passwords, 25% spray at victims, 15% unknown names. */
	function stormLogin(agent) {
		const roll = Math.random();
		if (roll < 0.6) {
			const user = pick(plan.storm);
			const asForm = Math.random() < 0.2;
			return login(agent, asForm ? "login.right-form" : "login.right", { ...user, address: `172.16.${byte()}.${byte()}`, asForm, expected: [asForm ? 303 : 200] });
		}
		const address = Math.random() < 0.3 ? ATTACKER_ADDRESS : randomAddress();
		if (roll < 0.85) return login(agent, "login.wrong", { username: pick(plan.victims).username, password: `wrong-${Math.random()}`, address, expected: [401, 429] });
		return login(agent, "login.unknown", { username: `ghost-${Math.random().toString(36).slice(2)}`, password: "whatever-it-is", address, expected: [401, 429] });
	}

	/** A burst of `size` concurrent logins, each on a new connection. */
	async function storm(size) {
		const agent = freshAgent();
		const started = performance.now();
		clock.stormStarted();
		try {
			await Promise.all(Array.from({ length: size }, () => stormLogin(agent)));
		} finally {
			clock.stormEnded();
			agent.destroy();
		}
		return performance.now() - started;
	}

	/** An owner of a victim account: its device cookie (from its first login) must exempt it from the account's lockout. */
	async function signInOwner(owner, agent) {
		const cookie = owner.jar.header((name) => name.includes("device"));
		const result = await login(agent, "login.owner", { ...owner.user, address: owner.address, cookie, expected: [200] });
		owner.jar.take(result);
		return result;
	}

	/** Between storms: a slow trickle of the same mix, and owner logins. */
	async function trickle(owners, { stopped }) {
		const agent = keepAliveAgent(2);
		for (let n = 0; !stopped(); n++) {
			if (n % 4 === 0) await signInOwner(pick(owners), agent);
			else await stormLogin(agent);
			await sleep(250);
		}
		agent.destroy();
	}

	/** Sends the hostile cases in turn, each on a new connection. */
	async function hostile(cases, { stopped, offset }) {
		const agent = freshAgent();
		for (let n = offset; !stopped(); n++) {
			const c = cases[n % cases.length];
			const result = await send(agent, at(c.path), { method: c.method, headers: { "x-soak-address": `198.51.100.${(n % 200) + 1}`, ...c.headers }, body: c.method === "GET" ? null : c.body });
			stats.record(`hostile.${c.name}`, result, { expected: c.expected, mayReset: c.mayReset });
			if (!result.error) stats.hostileTime(result.ms);
			await sleep(20);
		}
		agent.destroy();
	}

	return { login, reader, storm, signInOwner, trickle, hostile };
}
