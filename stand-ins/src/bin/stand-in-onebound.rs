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

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use stand_ins::onebound::{OneboundConfig, OneboundStandIn};

const USAGE: &str = "usage: stand-in-onebound [options]

  --port N              port on 127.0.0.1 (default 0: a free one)
  --latency-ms A[-B]    delay every call by A ms, or by A to B ms at random (default 0)
  --max-qps Q           answer 4013 (too frequent) beyond Q calls/s (default: no limit)
  --fail-5xx P          probability of an HTTP 500/502/503 answer (default 0)
  --fail-timeout P      probability of holding the answer back for --timeout-secs (default 0)
  --timeout-secs S      how long a timeout fault holds the answer (default 30)
  --fail-truncated P    probability of a body cut in half (default 0)
  --seed N              seed of the fault and latency draws (default 1)
  --fixed-catalog       answer the tests' three fixed items instead of the generated catalog
  --key K, --secret S   credentials it accepts (default: the stand-in's test constants)";

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("stand-in-onebound: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                eprintln!("stand-in-onebound: cannot listen for SIGTERM: {error}");
                return ExitCode::FAILURE;
            }
        };
    let (key, secret) = (config.key.clone(), config.secret.clone());
    let onebound = OneboundStandIn::start(config).await;
    println!("listening on {}", onebound.base_url);
    let _ = std::io::stdout().flush();
    eprintln!(
        "stand-in-onebound: run the storefront with ONEBOUND_API_URL={} ONEBOUND_KEY={key} \
         ONEBOUND_SECRET={secret}; counters at {}/stand-in/stats",
        onebound.base_url, onebound.base_url
    );
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("stand-in-onebound: stopping; {}", onebound.stats());
    ExitCode::SUCCESS
}

/// The configuration the arguments ask for; `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<OneboundConfig>, String> {
    let mut config = OneboundConfig {
        generated_catalog: true,
        ..OneboundConfig::default()
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let faults = &mut config.faults;
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => config.port = number(&flag, &value()?)?,
            "--latency-ms" => {
                let raw = value()?;
                let (low, high): (u64, u64) = match raw.split_once('-') {
                    Some((low, high)) => (number(&flag, low)?, number(&flag, high)?),
                    None => (number(&flag, &raw)?, number(&flag, &raw)?),
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
            "--key" => config.key = value()?,
            "--secret" => config.secret = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let f = &config.faults;
    if f.server_error + f.timeout + f.truncated > 1.0 {
        return Err("the fault probabilities add up to more than 1".into());
    }
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
        assert_eq!(config.latency, Duration::from_millis(300));
        assert_eq!(config.latency_jitter, Duration::from_millis(1200));
        assert_eq!(config.max_qps, Some(2.0));
        assert!(!config.generated_catalog);
        assert!(parse(&[]).unwrap().unwrap().generated_catalog);
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
