//! A loopback HTTP/1.1 server for the fetch tests and benchmark: one thread per
//! connection, `Connection: close`, and counters of hits and concurrent connections.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    /// The path with its query.
    pub path: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A body: bytes, or one chunk repeated (streamed without a length unless `declare`).
pub enum Body {
    Bytes(Vec<u8>),
    Repeat {
        chunk: Vec<u8>,
        times: usize,
        declare: bool,
    },
}

/// A response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Response {
    /// 200 with a body and content type.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            delay: Duration::ZERO,
        }
    }

    /// A status with a short text body.
    pub fn status(code: u16) -> Response {
        let body = if code == 304 {
            Vec::new()
        } else {
            format!("status {code}\n").into_bytes()
        };
        Response {
            status: code,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: Body::Bytes(body),
            delay: Duration::ZERO,
        }
    }

    /// A redirect.
    pub fn redirect(to: &str) -> Response {
        let mut r = Response::status(302);
        r.headers.push(("Location".into(), to.into()));
        r
    }

    /// Adds a header.
    pub fn with(mut self, k: &str, v: &str) -> Response {
        self.headers.push((k.into(), v.into()));
        self
    }

    /// Answers after a delay.
    pub fn after(mut self, d: Duration) -> Response {
        self.delay = d;
        self
    }
}

/// Counters kept by a server; they may be shared by several servers.
#[derive(Default)]
pub struct Stats {
    /// Requests per path.
    pub hits: Mutex<HashMap<String, usize>>,
    /// Every request, in arrival order.
    pub requests: Mutex<Vec<Request>>,
    /// When each request's headers were read, by path.
    pub times: Mutex<Vec<(String, std::time::Instant)>>,
    /// Connections open now.
    pub active: AtomicUsize,
    /// Most connections open at once.
    pub max_active: AtomicUsize,
}

impl Stats {
    /// Requests seen for a path.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Most connections open at once.
    pub fn max(&self) -> usize {
        self.max_active.load(Ordering::SeqCst)
    }
}

/// A running server.
pub struct Server {
    /// `http://IP:PORT`.
    pub base: String,
    /// This server's counters.
    pub stats: Arc<Stats>,
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

impl Server {
    /// Starts a server on 127.0.0.1.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        Server::start_on("127.0.0.1", Arc::new(Stats::default()), Vec::new(), handler)
    }

    /// Starts a server on `ip`, counting into `stats` and also into each of `also`.
    pub fn start_on(
        ip: &str,
        stats: Arc<Stats>,
        also: Vec<Arc<Stats>>,
        handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handler: Arc<Handler> = Arc::new(handler);
        let counters: Arc<Vec<Arc<Stats>>> =
            Arc::new(std::iter::once(stats.clone()).chain(also).collect());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let handler = handler.clone();
                let counters = counters.clone();
                std::thread::spawn(move || {
                    for s in counters.iter() {
                        let now = s.active.fetch_add(1, Ordering::SeqCst) + 1;
                        s.max_active.fetch_max(now, Ordering::SeqCst);
                    }
                    let open = Open(counters.clone());
                    let _ = serve(conn, &*handler, &counters, open);
                });
            }
        });
        Server { base, stats }
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// An open connection, counted until dropped.
struct Open(Arc<Vec<Arc<Stats>>>);

impl Drop for Open {
    fn drop(&mut self) {
        for s in self.0.iter() {
            s.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers one request. The connection stops counting as open just before the last byte
/// of the response is sent: the client cannot finish (and open its next connection)
/// before that byte arrives, so the count never includes a connection the client has
/// already let go of.
fn serve(
    conn: TcpStream,
    handler: &Handler,
    counters: &[Arc<Stats>],
    open: Open,
) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let req = Request { path, headers };
    for s in counters {
        *s.hits.lock().unwrap().entry(req.path.clone()).or_insert(0) += 1;
        s.requests.lock().unwrap().push(req.clone());
        s.times
            .lock()
            .unwrap()
            .push((req.path.clone(), std::time::Instant::now()));
    }
    let resp = handler(&req);
    std::thread::sleep(resp.delay);
    let mut out = std::io::BufWriter::new(conn);
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("Connection: close\r\n");
    let (body, times, declare) = match resp.body {
        Body::Bytes(b) => (b, 1, true),
        Body::Repeat {
            chunk,
            times,
            declare,
        } => (chunk, times, declare),
    };
    if declare {
        head.push_str(&format!("Content-Length: {}\r\n", body.len() * times));
    }
    head.push_str("\r\n");
    let mut all = head.into_bytes();
    if times == 1 {
        all.extend_from_slice(&body);
    } else {
        out.write_all(&all)?;
        all.clear();
        for _ in 1..times {
            out.write_all(&body)?;
        }
        all.extend_from_slice(&body);
    }
    let last = all.pop();
    out.write_all(&all)?;
    out.flush()?;
    drop(open);
    if let Some(b) = last {
        out.write_all(&[b])?;
    }
    out.flush()
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Serves the files of a folder under a prefix (`/pages/x.html` -> `DIR/x.html`), with
/// `{base}` replaced by the server's address (from the `Host` header), an ETag, and 304
/// for a matching `If-None-Match`.
pub fn file_response(dir: &std::path::Path, prefix: &str, req: &Request) -> Response {
    let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
    let base = base.as_str();
    let Some(name) = req.path.strip_prefix(prefix) else {
        return Response::status(404);
    };
    let Ok(bytes) = std::fs::read(dir.join(name)) else {
        return Response::status(404);
    };
    let bytes = if name.ends_with(".xml") || name.ends_with(".html") && !name.contains("1256") {
        String::from_utf8_lossy(&bytes)
            .replace("{base}", base)
            .into_bytes()
    } else {
        bytes
    };
    let etag = format!(
        "\"{:x}\"",
        bytes.len() * 31 + bytes.iter().map(|&b| b as usize).sum::<usize>()
    );
    if req.header("if-none-match") == Some(etag.as_str()) {
        return Response::status(304).with("ETag", &etag);
    }
    let ct = if name.ends_with(".xml") {
        "application/rss+xml"
    } else if name.contains("1256") {
        "text/html"
    } else {
        "text/html; charset=utf-8"
    };
    Response::ok(ct, bytes).with("ETag", &etag)
}
