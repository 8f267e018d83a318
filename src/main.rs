// The allocator is the binary's choice, not the library's: the build
// allocates and frees millions of small strings and Pagefind words across
// threads, which jemalloc handles with less CPU and a lower peak than
// glibc's malloc (benches/README.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(guidegen::run_cli());
}
