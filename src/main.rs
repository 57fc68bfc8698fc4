//! The `storefront` binary: read the command line and the `.env` files, set up logging, read the
//! configuration, and hand over to [`storefront::run`].

use std::process::ExitCode;

use storefront::Command;
use storefront::config::Config;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: storefront [check]

  (no argument)  serve the store on HOST:PORT
  check          probe the data source in use (the 1688 gateway or Onebound) with the
                 configured credentials and exit non-zero if anything fails (or if no
                 credentials are configured)";

fn main() -> ExitCode {
    tune_allocator();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(serve_or_check()),
        Err(error) => {
            eprintln!("storefront: cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Sets glibc's allocator for a server that renders and compresses pages on a few threads:
/// - two arenas, not eight per core (each keeps memory it once freed);
/// - buffers of 64 KiB and more (a page being rendered, a compressor's tables) mapped on their
///   own and returned to the system when freed, instead of fragmenting the heap; and the heap
///   trimmed once 128 KiB at its top is free.
///
/// Measured with distinct listing URLs (bench/listings.lua), at the same rate: two arenas lower
/// peak RSS by about 1.5 MB (15 s), the thresholds by 1–2 MB more (two 30-s runs). Set before
/// any other thread starts, so that no thread has an arena of its own yet.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: `mallopt` only sets tuning values, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

async fn serve_or_check() -> ExitCode {
    let command = match std::env::args().nth(1).as_deref() {
        None => Command::Serve,
        Some("check") => Command::Check,
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(_) => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Real environment variables win over both files; `.env.local` wins over `.env`.
    dotenvy::from_filename(".env.local").ok();
    dotenvy::dotenv().ok();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .init();
    match Config::from_env() {
        Ok(config) => storefront::run(command, config).await,
        Err(error) => {
            eprintln!("storefront: {error}");
            ExitCode::FAILURE
        }
    }
}
