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
/// - one arena per runtime worker (tokio starts one per core) and one for the main thread, not
///   eight per core: each arena keeps memory it once freed, and workers sharing one wait on its
///   lock;
/// - buffers of 256 KiB and more mapped on their own and returned to the system when freed; the
///   smaller ones that every page never seen before needs (the page rendered, about 40 KB; the
///   brotli encoder's hash table and block, 128 and 80 KB) come from the heap, which is trimmed
///   once 512 KiB at its top is free.
///
/// Measured with distinct listing URLs (bench/listings.lua, bench/README.md, fourth round): with
/// two arenas on two cores, the two workers sometimes shared one and the rate varied from 7,300
/// to 13,200 pages a second; with three, 10,500–12,300. Mapping the encoder's buffers for every
/// page (a threshold of 64 KiB) cost a page fault per 4 KB touched and a TLB flush per unmap;
/// with these settings peak RSS stayed at 30–31 MB. Set before any other thread starts, so that
/// no thread has an arena of its own yet.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let arenas = i32::try_from(workers + 1).unwrap_or(i32::MAX);
    // SAFETY: `mallopt` only sets tuning values, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 * 1024);
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
