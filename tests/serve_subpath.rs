//! `guidegen serve` on a site whose `base_url` has a sub-path serves it
//! under that path, as it will be deployed, so that what works under
//! `serve` works deployed; `/` leads there.

mod util;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;
use util::TestSite;

/// Status, `Location` and body of `GET path`.
fn get(port: u16, path: &str) -> (u16, Option<String>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head[9..12].parse().unwrap();
    let location = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("location: ")
            .map(|_| l[10..].trim().to_string())
    });
    (status, location, body.to_string())
}

#[test]
fn a_sub_path_site_is_served_under_its_path() {
    let site = TestSite::new("minimal");
    site.edit(
        "guidegen.toml",
        "https://fixture.example.com/",
        "https://example.org/sea/",
    );
    // Root-relative links and images, as an author writes them.
    site.write(
        "static/images/d.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\n\n[KSA](/regions/ksa/) ![diagram](/images/d.svg)\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidegen"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Serving at ")
        .expect("the ready line")
        .to_string();
    assert!(url.ends_with("/sea/"), "{url}");
    let port: u16 = url["http://127.0.0.1:".len()..url.len() - "/sea/".len()]
        .parse()
        .unwrap();

    assert_eq!(get(port, "/"), (307, Some("/sea/".into()), String::new()));
    assert_eq!(get(port, "/sea").0, 307);
    let (status, _, home) = get(port, "/sea/");
    assert_eq!(status, 200);
    assert!(
        home.contains("href=\"/sea/regions/ksa/\""),
        "links carry the sub-path"
    );
    assert_eq!(get(port, "/sea/playbooks/residency/").0, 200);
    let (status, location, _) = get(port, "/sea/playbooks/residency");
    assert_eq!(
        (status, location.as_deref()),
        (307, Some("/sea/playbooks/residency/"))
    );
    assert_eq!(get(port, "/sea/style.css").0, 200);
    // What the author wrote root-relative is under the sub-path, and there.
    let (_, _, about) = get(port, "/sea/about/");
    assert!(about.contains("href=\"/sea/regions/ksa/\""), "{about}");
    assert!(about.contains("src=\"/sea/images/d.svg\""), "{about}");
    assert_eq!(get(port, "/sea/images/d.svg").0, 200);
    // A root-relative URL without the sub-path is broken once deployed:
    // broken here too.
    assert_eq!(get(port, "/playbooks/residency/").0, 404);
    let _ = child.kill();
    let _ = child.wait();
}
