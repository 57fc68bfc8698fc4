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
    limit_allocator_arenas();
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

/// glibc gives threads up to eight allocator arenas per core, each keeping memory it once freed.
/// Two are enough for a server on a few worker threads: peak RSS after 15 s of distinct listing
/// URLs (bench/listings.lua) is about 1.5 MB lower, at the same rate. Set before any other thread
/// starts, so that no thread has an arena of its own yet.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_allocator_arenas() {
    // SAFETY: `mallopt` only sets a tuning value, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_allocator_arenas() {}

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
