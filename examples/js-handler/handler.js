// acme js-handler: a small JSON API running as a wasi:http/proxy component.
// Built with componentize-js (StarlingMonkey): the web-standard fetch event,
// Request/Response, URL, crypto and fetch() are available; Node built-ins
// (fs, net, child_process, worker_threads, process) are not.

const UPSTREAM = "https://origin.example.com";

const routes = {
  "GET /api/health": () => json({ ok: true, time: new Date().toISOString() }),

  "GET /api/id": () => json({ id: crypto.randomUUID() }),

  "POST /api/echo": async (request) => {
    const body = await request.text();
    return json({ length: body.length, body });
  },

  // outbound HTTP goes through wasi:http/outgoing-handler
  "GET /api/origin": async () => {
    const upstream = await fetch(`${UPSTREAM}/healthz`);
    return json({ upstream: upstream.status });
  },
};

function json(value, status = 200) {
  return new Response(JSON.stringify(value) + "\n", {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

async function handle(request) {
  const url = new URL(request.url);
  const route = routes[`${request.method} ${url.pathname}`];
  if (!route) {
    return json({ error: "not found", path: url.pathname }, 404);
  }
  try {
    return await route(request);
  } catch (err) {
    console.error(`handler error on ${url.pathname}: ${err}`);
    return json({ error: "internal error" }, 500);
  }
}

addEventListener("fetch", (event) => event.respondWith(handle(event.request)));
