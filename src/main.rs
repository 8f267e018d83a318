// The allocator is the binary's choice, not the library's: the build
// allocates and frees millions of small strings and Pagefind words across
// threads, which jemalloc handles with less CPU and a lower peak than
// glibc's malloc (benches/README.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// jemalloc's options, read at its start (the environment's
// `_RJEM_MALLOC_CONF` still wins): freed pages go back to the system after
// a second instead of ten, from a background thread. At 100,000 playbooks
// a fifth of the build's peak RSS was pages already freed and still held
// (benches/README.md).
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: Option<&u8> = Some(&JEMALLOC_OPTIONS[0]);
#[cfg(not(target_env = "msvc"))]
const JEMALLOC_OPTIONS: &[u8] = b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

fn main() {
    std::process::exit(guidegen::run_cli());
}
