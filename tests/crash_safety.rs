//! Crash safety of `guidegen build` (issue 7): whatever happens to a build —
//! SIGKILL at any instant, a read-only output parent, a full disk — the output
//! directory holds either the previous site or the new one, complete: never a
//! mix, never an empty directory.

mod util;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
use util::{snapshot, TestSite};

type Tree = BTreeMap<String, Vec<u8>>;

/// Two versions of the fixture's about page; every build writes one of them.
fn set_version(site: &TestSite, v: usize) {
    let text = format!(
        "+++\ntitle = \"About v{v}\"\nsummary = \"Version {v}.\"\nweight = 10\n+++\n\n## Who we are\n\nVersion {v} of the text, [KSA](@/regions/ksa.toml).\n"
    );
    site.write("content/pages/about.md", text);
}

/// The complete output of each version, built without interruption, and
/// the slowest of those builds. A first build fills the site's cache (its
/// social cards take most of a second); the builds to kill find it full,
/// so the ones timed here must too.
fn reference_trees(site: &TestSite) -> (Vec<Tree>, Duration) {
    site.build().success();
    let mut trees = Vec::new();
    let mut slowest = Duration::ZERO;
    for v in 0..2 {
        set_version(site, v);
        let out = site.root.join(format!("reference-{v}"));
        let start = Instant::now();
        site.run(&["build", "--output", out.to_str().unwrap()])
            .success();
        slowest = slowest.max(start.elapsed());
        trees.push(snapshot(&out));
        std::fs::remove_dir_all(&out).unwrap();
    }
    assert_ne!(trees[0], trees[1]);
    (trees, slowest)
}

/// A small xorshift generator: no dependency, and the seed is printed so a
/// failure can be replayed with `GUIDEGEN_CRASH_SEED`.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn staging_leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".guidegen-new-"))
        .collect()
}

#[test]
fn a_build_killed_at_random_points_leaves_the_old_or_the_new_output_complete() {
    let site = TestSite::new("minimal");
    let (versions, slowest) = reference_trees(&site);
    // The first build: afterwards there is always a previous output.
    set_version(&site, 0);
    site.build().success();
    let mut current = snapshot(&site.public());
    assert_eq!(current, versions[0]);

    let seed = std::env::var("GUIDEGEN_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("GUIDEGEN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    // Delays spread over the whole of a build (a loaded machine makes the
    // killed builds slower than the reference ones), and beyond it.
    let span = slowest.as_micros() as u64 * 2 + 1;
    let (mut old_kept, mut new_complete) = (0, 0);
    // At least 50 rounds, and until both outcomes were seen (a kill before
    // the swap and one after it), so the swap itself is exercised.
    let mut round = 0;
    while round < 50 || (round < 200 && (old_kept == 0 || new_complete == 0)) {
        let v = (round + 1) % 2;
        set_version(&site, v);
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidegen"))
            .args(["build", "--root"])
            .arg(&site.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let after = snapshot(&site.public());
        assert!(
            !after.is_empty(),
            "round {round} (seed {seed}): empty output"
        );
        if after == current {
            old_kept += 1;
        } else if after == versions[v] {
            new_complete += 1;
        } else {
            let mixed: Vec<&String> = after
                .iter()
                .filter(|(k, b)| versions[v].get(*k) != Some(*b))
                .map(|(k, _)| k)
                .take(5)
                .collect();
            panic!("round {round} (seed {seed}): a mix of old and new output, e.g. {mixed:?}");
        }
        current = after;
        round += 1;
    }
    println!("killed {round} builds: {old_kept} left the old output, {new_complete} the new one");
    assert!(
        old_kept > 0 && new_complete > 0,
        "seed {seed}: {old_kept} kills kept the old output, {new_complete} left the new one; both must happen"
    );
    // The next build cleans up after the killed ones.
    set_version(&site, 1);
    site.build().success();
    assert_eq!(snapshot(&site.public()), versions[1]);
    assert_eq!(staging_leftovers(&site.root), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_read_only_output_parent_is_a_clear_error_and_keeps_the_output() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new("minimal");
    let parent = site.root.join("out");
    std::fs::create_dir_all(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o777)).unwrap();
    let wrap = site.unprivileged();
    let output = parent.join("public");
    let args = ["build", "--output", output.to_str().unwrap()];
    let limit = Duration::from_secs(300);
    site.run_bounded(&args, limit, &wrap).success();
    let before = snapshot(&output);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    set_version(&site, 7);
    let run = site.run_bounded(&args, limit, &wrap);
    run.failure();
    assert!(
        run.errors()
            .iter()
            .any(|l| l.contains("out/.public.guidegen-new-")
                && l.contains("cannot create the staging directory")
                && l.contains("Permission denied")),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&output), "the previous output changed");
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A full disk: a 24 MiB tmpfs in a private mount namespace (`unshare`, as
/// root or in a user namespace), filled up between two builds.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error_and_keeps_the_output() {
    let site = TestSite::new("minimal");
    let mnt = site.root.join("disk");
    let report = site.root.join("report");
    std::fs::create_dir_all(&mnt).unwrap();
    std::fs::create_dir_all(&report).unwrap();
    let script = r#"
set -eu
mount -t tmpfs -o size=24m tmpfs "$MNT"
"$BIN" build --root "$ROOT" --output "$MNT/public" 2> "$REPORT/first"
(cd "$MNT/public" && find . -type f -exec sha256sum {} + | sort) > "$REPORT/before"
printf '\nMore text.\n' >> "$ROOT/content/pages/about.md"
dd if=/dev/zero of="$MNT/filler" bs=64k 2> /dev/null || true
set +e
timeout 300 "$BIN" build --root "$ROOT" --output "$MNT/public" 2> "$REPORT/stderr"
echo $? > "$REPORT/rc"
(cd "$MNT/public" && find . -type f -exec sha256sum {} + | sort) > "$REPORT/after"
ls -a "$MNT" > "$REPORT/ls"
"#;
    let as_root = Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let unshare: &[&str] = if as_root { &["-m"] } else { &["-r", "-m"] };
    let status = Command::new("unshare")
        .args(unshare)
        .args(["sh", "-c", script])
        .env("MNT", &mnt)
        .env("ROOT", &site.root)
        .env("REPORT", &report)
        .env("BIN", env!("CARGO_BIN_EXE_guidegen"))
        .env("NO_COLOR", "1")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "cannot set up a small file system here (unshare + tmpfs); {}",
        std::fs::read_to_string(report.join("first")).unwrap_or_default()
    );
    let read = |name: &str| std::fs::read_to_string(report.join(name)).unwrap();
    let stderr = read("stderr");
    assert_eq!(read("rc").trim(), "1", "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains("No space left on device")),
        "{stderr}"
    );
    assert!(stderr.contains("was left as it was"), "{stderr}");
    assert!(read("before").lines().count() > 10);
    assert_eq!(read("before"), read("after"), "the previous output changed");
    let names: Vec<String> = read("ls").lines().map(str::to_string).collect();
    assert!(
        !names.iter().any(|n| n.contains(".guidegen-new-")),
        "staging directory left behind: {names:?}"
    );
}
