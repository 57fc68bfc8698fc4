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

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use stand_ins::gateway::{Faults, StandIn, StandInConfig};

const USAGE: &str = "usage: stand-in-gateway [options]

  --port N              port on 127.0.0.1 (default 0: a free one)
  --latency-ms A[-B]    delay every call by A ms, or by A to B ms at random (default 0)
  --max-qps Q           answer gw.QosAppFrequencyLimit beyond Q calls/s, app-wide (default: no limit)
  --fail-5xx P          probability of an HTTP 500/502/503 answer (default 0)
  --fail-timeout P      probability of holding the answer back for --timeout-secs (default 0)
  --timeout-secs S      how long a timeout fault holds the answer (default 30)
  --fail-truncated P    probability of a body cut in half (default 0)
  --seed N              seed of the fault and latency draws (default 1)
  --fixed-catalog       answer the tests' three fixed offers instead of the generated catalog
  --app-key K, --app-secret S, --access-token T
                        credentials it accepts (default: the stand-in's test constants)";

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("stand-in-gateway: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Register before announcing the address, so a signal sent right after is not fatal.
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                eprintln!("stand-in-gateway: cannot listen for SIGTERM: {error}");
                return ExitCode::FAILURE;
            }
        };
    let (app_key, app_secret, access_token) = (
        config.app_key.clone(),
        config.app_secret.clone(),
        config.access_token.clone(),
    );
    let gateway = StandIn::start(config).await;
    println!("listening on {}", gateway.base_url);
    let _ = std::io::stdout().flush();
    eprintln!(
        "stand-in-gateway: run the storefront with ALIBABA_API_URL={} ALIBABA_APP_KEY={app_key} \
         ALIBABA_APP_SECRET={app_secret} ALIBABA_ACCESS_TOKEN={access_token}; counters at \
         http://{}/stand-in/stats",
        gateway.base_url, gateway.addr
    );
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("stand-in-gateway: stopping; {}", gateway.stats());
    ExitCode::SUCCESS
}

/// The configuration the arguments ask for; `None` for `--help`.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<StandInConfig>, String> {
    let mut config = StandInConfig {
        generated_catalog: true,
        ..StandInConfig::default()
    };
    let mut faults = Faults::default();
    let mut args = args;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => config.port = number(&flag, &value()?)?,
            "--latency-ms" => {
                let raw = value()?;
                let (low, high) = match raw.split_once('-') {
                    Some((low, high)) => (number(&flag, low)?, number(&flag, high)?),
                    None => {
                        let ms = number(&flag, &raw)?;
                        (ms, ms)
                    }
                };
                if high < low {
                    return Err(format!("{flag}: {high} is below {low}"));
                }
                config.latency = Duration::from_millis(low);
                config.latency_jitter = Duration::from_millis(high - low);
            }
            "--max-qps" => {
                let qps: f64 = number(&flag, &value()?)?;
                if !(qps.is_finite() && qps > 0.0) {
                    return Err(format!("{flag} must be a positive number"));
                }
                config.max_qps = Some(qps);
            }
            "--fail-5xx" => faults.server_error = probability(&flag, &value()?)?,
            "--fail-timeout" => faults.timeout = probability(&flag, &value()?)?,
            "--fail-truncated" => faults.truncated = probability(&flag, &value()?)?,
            "--timeout-secs" => {
                faults.timeout_delay = Duration::from_secs(number(&flag, &value()?)?)
            }
            "--seed" => faults.seed = number(&flag, &value()?)?,
            "--fixed-catalog" => config.generated_catalog = false,
            "--app-key" => config.app_key = value()?,
            "--app-secret" => config.app_secret = value()?,
            "--access-token" => config.access_token = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if faults.server_error + faults.timeout + faults.truncated > 1.0 {
        return Err("the fault probabilities add up to more than 1".into());
    }
    config.faults = faults;
    Ok(Some(config))
}

fn number<T: std::str::FromStr>(flag: &str, raw: &str) -> Result<T, String> {
    raw.trim()
        .parse()
        .map_err(|_| format!("{flag}: {raw:?} is not a valid number"))
}

fn probability(flag: &str, raw: &str) -> Result<f64, String> {
    let p: f64 = number(flag, raw)?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{flag} must be between 0 and 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<StandInConfig>, String> {
        parse_args(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn without_flags_it_serves_the_generated_catalog_on_a_free_port_without_faults() {
        let config = parse(&[]).unwrap().unwrap();
        assert!(config.generated_catalog);
        assert_eq!(config.port, 0);
        assert_eq!(config.max_qps, None);
        assert_eq!(config.faults, Faults::default());
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
