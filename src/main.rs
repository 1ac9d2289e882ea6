/// mimalloc: the pipeline makes many small short-lived strings per notice on every thread;
/// glibc's allocator spent about a tenth of `check`'s time on them (docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(informed::main());
}

/// mimalloc commits each arena it reserves ahead of use on Linux, so its transparent huge pages
/// count whole in the resident size the moment one byte of them is touched: a clean build of
/// 10,000 notices peaked about 50 MiB higher than with commits made on demand, for no gain in
/// speed (docs/decisions.md). The default is changed before `main`, since Rust's runtime
/// allocates (and so reserves the first arena) before it calls `main`;
/// `MIMALLOC_ARENA_EAGER_COMMIT` in the environment still overrides it.
#[cfg(target_os = "linux")]
mod allocator_defaults {
    use std::ffi::{c_int, c_long};

    /// `mi_option_arena_eager_commit` in mimalloc's `mi_option_t` (the same in v2 and v3).
    const ARENA_EAGER_COMMIT: c_int = 4;

    unsafe extern "C" {
        fn mi_option_set_default(option: c_int, value: c_long);
    }

    extern "C" fn commit_on_demand() {
        // SAFETY: sets one option's default in mimalloc's static table; it takes no pointers
        // and is safe to call at any time, before or after mimalloc initialises.
        unsafe { mi_option_set_default(ARENA_EAGER_COMMIT, 0) }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static COMMIT_ON_DEMAND: extern "C" fn() = commit_on_demand;
}
