/// mimalloc: the pipeline makes many small short-lived strings per notice on every thread;
/// glibc's allocator spent about a tenth of `check`'s time on them (docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(informed::main());
}
