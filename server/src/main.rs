//! The `readiness` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Threads for blocking work (boards, static files, import steps) per core. Tokio's default of
/// 512 let a load of 50 readers start 50–70 on two cores, each keeping allocator pages of its
/// own: at national size the peak after `bench/pages`' load was 718–1,159 MB with them, 468–494
/// MB with 16. An import step holds one for its length; nothing run on one waits for another.
const BLOCKING_THREADS_PER_CORE: usize = 8;

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS_PER_CORE * readiness_server::hardening::cores())
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(readiness_server::cli::run()),
        Err(e) => {
            eprintln!("readiness: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}
