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

#[tokio::main]
async fn main() -> ExitCode {
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
