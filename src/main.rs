// The allocator is the binary's choice, not the library's (see Cargo.toml).
// The build allocates and frees millions of small strings, JSON values and
// Pagefind words: under glibc, malloc_consolidate and unlink_chunk were a
// fifth of a serve rebuild and the search stage used ~60% more CPU (perf and
// /usr/bin/time, 10,000-playbook site). jemalloc also peaked lowest.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(guidegen::run_cli());
}
