import { serve } from "@hono/node-server";
import { createLoginRequired } from "./http/apps/guarded.mjs";
const variant = process.argv[2];
const app = await createLoginRequired("sqlite", variant === "nocache" ? { userCache: false } : {});
const guarded = app.fetch;
const handlers = {
  bare: () => new Response("ok"),
  headers: (req) => (req.headers, new Response("ok")),
  cookie: (req) => (req.headers.get("cookie"), new Response("ok")),
  url: (req) => (req.url, new Response("ok")),
  guard: guarded,
  nocache: guarded,
};
const h = handlers[variant];
serve({ fetch: (req) => h(req), port: 0, hostname: "127.0.0.1" }, (info) => console.log("PORT", info.port, JSON.stringify(app.headers.cookie)));
