//! Short links for the Acme edge: `POST /` stores a link, `GET /<code>` redirects to it,
//! `GET /<code>/preview` fetches the target page's title over outbound HTTP.

use serde::{Deserialize, Serialize};
use spin_sdk::http::{IntoResponse, Method, Request, Response};
use spin_sdk::http_component;
use spin_sdk::key_value::Store;

#[derive(Deserialize)]
struct NewLink {
    url: String,
}

#[derive(Serialize)]
struct Created {
    code: String,
}

/// The component's entry point: Spin calls it once per request on the request's own thread.
#[http_component]
async fn handle_request(req: Request) -> anyhow::Result<impl IntoResponse> {
    let store = Store::open_default()?;
    let path = req.path().trim_start_matches('/').to_string();
    match (req.method(), path.as_str()) {
        (Method::Post, "") => create(&store, req.body()),
        (Method::Get, code) if code.ends_with("/preview") => preview(&store, code.trim_end_matches("/preview")).await,
        (Method::Get, code) => redirect(&store, code),
        _ => Ok(Response::new(405, "method not allowed")),
    }
}

fn create(store: &Store, body: &[u8]) -> anyhow::Result<Response> {
    let link: NewLink = serde_json::from_slice(body)?;
    let code = short_code(&link.url);
    store.set(&code, link.url.as_bytes())?;
    let created = serde_json::to_vec(&Created { code })?;
    Ok(Response::builder().status(201).header("content-type", "application/json").body(created).build())
}

fn redirect(store: &Store, code: &str) -> anyhow::Result<Response> {
    match store.get(code)? {
        Some(url) => Ok(Response::builder().status(302).header("location", String::from_utf8(url)?).build()),
        None => Ok(Response::new(404, "no such link")),
    }
}

async fn preview(store: &Store, code: &str) -> anyhow::Result<Response> {
    let Some(url) = store.get(code)? else {
        return Ok(Response::new(404, "no such link"));
    };
    let outbound = Request::get(String::from_utf8(url)?);
    let page: Response = spin_sdk::http::send(outbound).await?;
    let html = String::from_utf8_lossy(page.body());
    let title = html.split("<title>").nth(1).and_then(|rest| rest.split("</title>").next()).unwrap_or("");
    Ok(Response::builder().status(200).header("content-type", "text/plain").body(title.to_string()).build())
}

/// A stable 7-character code for a URL (FNV-1a, base 36).
fn short_code(url: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in url.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..7).map(|i| alphabet[((hash >> (i * 5)) % 36) as usize] as char).collect()
}
