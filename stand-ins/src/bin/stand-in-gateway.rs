//! The test suite's stand-in of the 1688 gateway ([`stand_ins::gateway`]) as a process, for
//! benchmarks and soak runs.
//!
//! ```text
//! cargo run --release -p stand-ins --bin stand-in-gateway -- --port 0 --latency-ms 200 --max-qps 2 \
//!     --fail-5xx 0.05 --fail-timeout 0.02 --fail-truncated 0.02 --seed 1
//! ```
//!
//! Prints one line, `listening on http://127.0.0.1:PORT/openapi` (what `ALIBABA_API_URL` takes),
//! then serves until SIGTERM or Ctrl-C. Counters: `GET http://127.0.0.1:PORT/stand-in/stats`.
//! It answers from the generated catalog (any keyword, any 12-digit offer id) unless
//! `--fixed-catalog` is given.

use std::process::ExitCode;

use stand_ins::cli::{self, LoadFlags};
use stand_ins::gateway::{StandIn, StandInConfig};

/// The usage text: the shared flags, then the credentials.
fn usage() -> String {
    format!(
        "usage: stand-in-gateway [options]\n\n{}\n  --app-key K, --app-secret S, --access-token T\n                        credentials it accepts (default: the stand-in's test constants)",
        cli::usage("gw.QosAppFrequencyLimit")
    )
}

#[tokio::main]
async fn main() -> ExitCode {
    let parsed = parse_args(std::env::args().skip(1));
    let config = match cli::config_or_exit("stand-in-gateway", &usage(), parsed) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    let credentials = format!(
        "ALIBABA_APP_KEY={} ALIBABA_APP_SECRET={} ALIBABA_ACCESS_TOKEN={}",
        config.app_key, config.app_secret, config.access_token
    );
    let gateway = StandIn::start(config).await;
    let hint = format!(
        "run the storefront with ALIBABA_API_URL={} {credentials}; counters at \
         http://{}/stand-in/stats",
        gateway.base_url, gateway.addr
    );
    cli::serve_until_stopped("stand-in-gateway", &gateway.base_url, &hint, || {
        gateway.stats()
    })
    .await
}

/// The configuration the arguments ask for; `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<StandInConfig>, String> {
    let mut config = StandInConfig::default();
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
            "--app-key" => config.app_key = value()?,
            "--app-secret" => config.app_secret = value()?,
            "--access-token" => config.access_token = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    load.check()?;
    Ok(Some(StandInConfig {
        port: load.port,
        latency: load.latency,
        latency_jitter: load.latency_jitter,
        max_qps: load.max_qps,
        faults: load.faults,
        generated_catalog: load.generated_catalog,
        ..config
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse(args: &[&str]) -> Result<Option<StandInConfig>, String> {
        parse_args(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn without_flags_it_serves_the_generated_catalog_on_a_free_port_without_faults() {
        let config = parse(&[]).unwrap().unwrap();
        assert!(config.generated_catalog);
        assert_eq!(config.port, 0);
        assert_eq!(config.max_qps, None);
        assert_eq!(config.faults, stand_ins::gateway::Faults::default());
    }

    #[test]
    fn a_latency_range_becomes_latency_plus_jitter() {
        let config = parse(&["--latency-ms", "50-200", "--max-qps", "2"])
            .unwrap()
            .unwrap();
        assert_eq!(config.latency, Duration::from_millis(50));
        assert_eq!(config.latency_jitter, Duration::from_millis(150));
        assert_eq!(config.max_qps, Some(2.0));
    }

    #[test]
    fn bad_values_are_refused_with_the_flag_named() {
        for args in [
            &["--latency-ms", "200-50"][..],
            &["--max-qps", "0"],
            &["--fail-5xx", "1.5"],
            &["--fail-5xx", "0.6", "--fail-timeout", "0.6"],
            &["--seed"],
            &["--no-such-flag"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
        assert!(parse(&["--help"]).unwrap().is_none());
    }
}
