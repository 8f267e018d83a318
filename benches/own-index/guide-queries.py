#!/usr/bin/env python3
"""Compares the prototype index (benches/own-index) with Pagefind's on the
bundled guide's three editions (English, Chinese, Arabic): for each query,
the pages each finds and its first ten, in headless Chromium.

Usage, from the repository (after `cargo build --release --bin guidegen
--example own-index`):

    python3 benches/own-index/guide-queries.py [WORK_DIR]

It builds the guide into WORK_DIR/guide, writes the prototype index beside
each edition's Pagefind index, serves it with `python3 -m http.server` and drives Chromium
through chromedriver (Debian's packages). Pagefind's side is set up as the
search page sets it up, with the edition's own language's bundles only
(the prototype reads only those). Nothing here asserts: it prints, per query, both result counts,
how many of the first ten the two share, whether the first result is the
same, and the two lists where they differ.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PORT, DRIVER_PORT = 8771, 9521
# Per edition (its folder under the site's root): queries a reader might type.
QUERIES = {
    "": [
        "data residency", "saudi", "marketplace", "latency", "pdpl", "encryption",
        "riskified", "pricing", "reseller", "procurement", "arabic", "kubernetes",
        "backup", "partner", "brazil", "lgpd", "qlik", "darktrace", "vat",
        "invoice", "encrypt", "resid",
    ],
    "zh/": [
        "合规", "数据驻留", "数据", "沙特", "巴西", "审计", "成本", "区域", "隐私",
        "合作伙伴", "Kubernetes", "阿联酋",
    ],
    "ar/": [
        "البيانات", "حماية", "السعودية", "البرازيل", "الخصوصية", "التكلفة", "توطين",
        "الامتثال", "منطقة", "الشركاء", "Kubernetes", "التدقيق",
    ],
}

SETUP = """
const root = arguments[0];
const [pf, own] = await Promise.all([import(root + 'pagefind/pagefind.js'), import(root + 'ownindex/reader.js')]);
await pf.options({baseUrl: '/'});
const m = await (await fetch(root + 'pagefind/guidegen.json')).json();
for (const b of m.merge || []) if (b.language === m.language) await pf.mergeIndex(b.path, {language: b.language, baseUrl: '/'});
await pf.init();
await own.init();
window.sides = {pagefind: pf, own};
"""

QUERY = """
const out = {};
for (const [name, side] of Object.entries(window.sides)) {
  const r = await side.search(arguments[1]);
  const all = await Promise.all(r.results.map((x) => x.data()));
  out[name] = {count: r.results.length, top: all.slice(0, 10).map((d) => d.url), all: all.map((d) => d.url)};
}
return out;
"""


def driver(method, path, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{DRIVER_PORT}{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)["value"]


def run_async(session, body, *args):
    script = f"const done = arguments[arguments.length - 1]; (async () => {{ {body} }})().then(done, (e) => done('ERR ' + e));"
    value = driver("POST", f"/session/{session}/execute/async", {"script": script, "args": list(args)})
    if isinstance(value, str) and value.startswith("ERR"):
        sys.exit(f"error in Chromium: {value}")
    return value


def main():
    work = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    site = work / "guide"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([REPO / "target/release/guidegen", "build", "--root", REPO, "--output", site,
                    "--base-url", f"http://127.0.0.1:{PORT}/"], check=True, stdout=subprocess.DEVNULL)
    for edition in QUERIES:
        written = subprocess.run([REPO / "target/release/examples/own-index", site / edition],
                                 check=True, capture_output=True, text=True).stdout.strip()
        print(f"prototype index: {written}")
        shutil.copy(REPO / "benches/own-index/reader.js", site / edition / "ownindex/reader.js")

    server = subprocess.Popen([sys.executable, "-m", "http.server", str(PORT), "--bind", "127.0.0.1",
                               "--directory", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chromedriver = subprocess.Popen(["chromedriver", f"--port={DRIVER_PORT}"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    session = None
    try:
        for _ in range(100):
            try:
                driver("GET", "/status")
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu"]
        session = driver("POST", "/session", {"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"args": args}}}})["sessionId"]
        for edition, queries in QUERIES.items():
            print(f"== /{edition}")
            compare(session, edition, queries)
    finally:
        if session:
            driver("DELETE", f"/session/{session}")
        server.kill()
        chromedriver.kill()


def compare(session, edition, queries):
    """Prints, for each query, what each side finds in `edition`."""
    driver("POST", f"/session/{session}/url", {"url": f"http://127.0.0.1:{PORT}/robots.txt"})
    run_async(session, SETUP, f"/{edition}")
    same_first = overlap = possible = same_count = 0
    for query in queries:
        found = run_async(session, QUERY, f"/{edition}", query)
        pf, own = found["pagefind"], found["own"]
        shared = len(set(pf["top"]) & set(own["top"]))
        first = bool(pf["top"]) and pf["top"][:1] == own["top"][:1]
        same_first += first
        same_count += pf["count"] == own["count"]
        overlap += shared
        possible += min(10, pf["count"], own["count"])
        print(f"{query!r}: pagefind {pf['count']}, own {own['count']} results; "
              f"{shared} of the first ten shared; first result {'the same' if first else 'differs'}")
        for name, a, b in (("only pagefind", pf, own), ("only own", own, pf)):
            if set(a["all"]) - set(b["all"]):
                print(f"    {name}: {' '.join(sorted(set(a['all']) - set(b['all'])))}")
        if shared < min(10, pf["count"], own["count"]) or not first:
            for rank in range(max(len(pf["top"]), len(own["top"]))):
                a = pf["top"][rank] if rank < len(pf["top"]) else ""
                b = own["top"][rank] if rank < len(own["top"]) else ""
                print(f"    {rank + 1:>2} {a:<58} {b}")
    n = len(queries)
    print(f"{n} queries: the same count for {same_count}, the same first result for {same_first}, "
          f"{overlap} of {possible} places in the first ten (or fewer) shared")


if __name__ == "__main__":
    main()
