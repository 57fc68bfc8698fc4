//! The test suite's stand-in of Onebound ([`stand_ins::onebound`]) as a process, for the live
//! benchmark in Onebound mode (`bench/live.sh onebound`).
//!
//! ```text
//! cargo run --release -p stand-ins --bin stand-in-onebound -- --port 0 --latency-ms 300-1500 --max-qps 2
//! ```
//!
//! Prints one line, `listening on http://127.0.0.1:PORT` (what `ONEBOUND_API_URL` takes), then
//! serves until SIGTERM or Ctrl-C. Counters: `GET http://127.0.0.1:PORT/stand-in/stats`. It
//! answers from the generated catalog unless `--fixed-catalog` is given.

use std::process::ExitCode;

use stand_ins::cli::{self, LoadFlags};
use stand_ins::onebound::{OneboundConfig, OneboundStandIn};

/// The usage text: the shared flags, then the credentials.
fn usage() -> String {
    format!(
        "usage: stand-in-onebound [options]\n\n{}\n  --key K, --secret S   credentials it accepts (default: the stand-in's test constants)",
        cli::usage("4013 (too frequent)")
    )
}

#[tokio::main]
async fn main() -> ExitCode {
    let parsed = parse_args(std::env::args().skip(1));
    let config = match cli::config_or_exit("stand-in-onebound", &usage(), parsed) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    let (key, secret) = (config.key.clone(), config.secret.clone());
    let onebound = OneboundStandIn::start(config).await;
    let url = &onebound.base_url;
    let hint = format!(
        "run the storefront with ONEBOUND_API_URL={url} ONEBOUND_KEY={key} \
         ONEBOUND_SECRET={secret}; counters at {url}/stand-in/stats"
    );
    cli::serve_until_stopped("stand-in-onebound", url, &hint, || onebound.stats()).await
}

/// The configuration the arguments ask for; `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<OneboundConfig>, String> {
    let mut config = OneboundConfig::default();
    let mut load = LoadFlags {
        generated_catalog: true,
        ..LoadFlags::default()
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        if load.take(&flag, &mut value)? {
            continue;
        }
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--key" => config.key = value()?,
            "--secret" => config.secret = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    load.check()?;
    Ok(Some(OneboundConfig { load, ..config }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse(args: &[&str]) -> Result<Option<OneboundConfig>, String> {
        parse_args(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn flags_set_latency_rate_limit_and_catalog() {
        let config = parse(&[
            "--latency-ms",
            "300-1500",
            "--max-qps",
            "2",
            "--fixed-catalog",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.load.latency, Duration::from_millis(300));
        assert_eq!(config.load.latency_jitter, Duration::from_millis(1200));
        assert_eq!(config.load.max_qps, Some(2.0));
        assert!(!config.load.generated_catalog);
        assert!(parse(&[]).unwrap().unwrap().load.generated_catalog);
    }

    #[test]
    fn bad_values_are_refused() {
        for args in [
            &["--latency-ms", "9-1"][..],
            &["--max-qps", "0"],
            &["--fail-5xx", "2"],
            &["--fail-5xx", "0.6", "--fail-truncated", "0.6"],
            &["--port"],
            &["--what"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
        assert!(parse(&["--help"]).unwrap().is_none());
    }
}
