import { serve } from "@hono/node-server";
const us = Number(process.argv[2]);
// calibrate
let x = 0; const t0 = performance.now(); for (let i = 0; i < 1e7; i++) x += i % 7; const perIter = (performance.now() - t0) * 1000 / 1e7;
const iters = Math.round(us / perIter);
serve({ fetch: (req) => { let y = 0; for (let i = 0; i < iters; i++) y += i % 7; return new Response(y >= 0 ? "ok" : "no"); }, port: 0, hostname: "127.0.0.1" }, (info) => console.log("PORT", info.port));
