//! acme-edge: Fastly Compute service.
//!
//! * `/api/*` is passed through to the `origin` backend;
//! * everything else gets a small plain-text answer straight from the edge.
//!
//! `fastly compute build` writes `bin/main.wasm`. This example repository
//! cannot fetch the `fastly` crate (no network), so `bin/main.wasm` is built
//! from `wat/main.wat`, a hand-written module with the same import/export
//! shape the crate produces for this program (see that file).
use fastly::http::{header, StatusCode};
use fastly::{mime, Error, Request, Response};

const BACKEND: &str = "origin";

#[fastly::main]
fn main(req: Request) -> Result<Response, Error> {
    if req.get_path().starts_with("/api/") {
        return Ok(req.send(BACKEND)?);
    }

    Ok(Response::from_status(StatusCode::OK)
        .with_header(header::CACHE_CONTROL, "public, max-age=60")
        .with_content_type(mime::TEXT_PLAIN_UTF_8)
        .with_body("Hello from acme-edge\n"))
}
