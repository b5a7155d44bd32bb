import { createLoginRequired, createRolesRequired, createBearerRequired } from "/work/wt-perf/bench/http/apps/guarded.mjs";
const which = process.argv[2] ?? "login";
const opts = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const app = which === "login" ? await createLoginRequired("sqlite", opts) : which === "roles" ? await createRolesRequired("sqlite", opts) : await createBearerRequired("sqlite", opts);
const [[hname, hvalue]] = Object.entries(app.headers);
class FakeHeaders { constructor(n, v) { this.n = n; this.v = v; } get(name) { return name.toLowerCase() === this.n ? this.v : null; } has(name) { return this.get(name) !== null; } }
const make = () => ({ method: "GET", url: "http://127.0.0.1:3000/", headers: new FakeHeaders(hname, hvalue) });
const r0 = await app.fetch(make()); if (r0.status !== 200) throw new Error("status " + r0.status);
async function run(fn, n) { const t = process.cpuUsage(); for (let i = 0; i < n; i++) await fn(make()); const u = process.cpuUsage(t); return (u.user + u.system) / n; }
const bare = async () => new Response("ok");
for (let round = 0; round < 3; round++) {
  const b = await run(bare, 200000); const g = await run(app.fetch, 200000);
  console.log(`bare ${b.toFixed(2)} us, guarded ${g.toFixed(2)} us, extra ${(g - b).toFixed(2)} us`);
}
process.exit(0);
