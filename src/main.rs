/// mimalloc: the build allocates and frees millions of small strings and
/// JSON values; glibc's allocator spent a fifth of a rebuild's time in
/// `malloc_consolidate` and `unlink_chunk` (perf, 10,000-playbook site).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(guidegen::cli::run());
}
