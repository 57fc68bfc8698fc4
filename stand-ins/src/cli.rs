//! The command-line flags both stand-in binaries share: port, latency, rate limit, faults and
//! catalog. Each binary adds its credentials.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::Value;

use crate::gateway::Faults;

/// What the shared flags say, with their defaults: a free port, no latency, no rate limit, no
/// faults, the fixed catalog (the binaries start from the generated one).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadFlags {
    pub port: u16,
    pub latency: Duration,
    pub latency_jitter: Duration,
    pub max_qps: Option<f64>,
    pub faults: Faults,
    pub generated_catalog: bool,
}

impl Default for LoadFlags {
    fn default() -> Self {
        LoadFlags {
            port: 0,
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            max_qps: None,
            faults: Faults::default(),
            generated_catalog: false,
        }
    }
}

/// The usage lines of the shared flags; `{limit}` is what the stand-in answers beyond `--max-qps`.
pub fn usage(limit: &str) -> String {
    format!(
        "  --port N              port on 127.0.0.1 (default 0: a free one)
  --latency-ms A[-B]    delay every call by A ms, or by A to B ms at random (default 0)
  --max-qps Q           answer {limit} beyond Q calls/s, app-wide (default: no limit)
  --fail-5xx P          probability of an HTTP 500/502/503 answer (default 0)
  --fail-timeout P      probability of holding the answer back for --timeout-secs (default 0)
  --timeout-secs S      how long a timeout fault holds the answer (default 30)
  --fail-truncated P    probability of a body cut in half (default 0)
  --seed N              seed of the fault and latency draws (default 1)
  --fixed-catalog       answer the tests' fixed catalog instead of the generated one"
    )
}

impl LoadFlags {
    /// Reads `flag` (taking its value from `value`) when it is one of the shared flags; `false`
    /// when it is not.
    pub fn take(
        &mut self,
        flag: &str,
        mut value: impl FnMut() -> Result<String, String>,
    ) -> Result<bool, String> {
        let faults = &mut self.faults;
        match flag {
            "--port" => self.port = number(flag, &value()?)?,
            "--latency-ms" => {
                let raw = value()?;
                let (low, high): (u64, u64) = match raw.split_once('-') {
                    Some((low, high)) => (number(flag, low)?, number(flag, high)?),
                    None => (number(flag, &raw)?, number(flag, &raw)?),
                };
                if high < low {
                    return Err(format!("{flag}: {high} is below {low}"));
                }
                self.latency = Duration::from_millis(low);
                self.latency_jitter = Duration::from_millis(high - low);
            }
            "--max-qps" => {
                let qps: f64 = number(flag, &value()?)?;
                if !(qps.is_finite() && qps > 0.0) {
                    return Err(format!("{flag} must be a positive number"));
                }
                self.max_qps = Some(qps);
            }
            "--fail-5xx" => faults.server_error = probability(flag, &value()?)?,
            "--fail-timeout" => faults.timeout = probability(flag, &value()?)?,
            "--fail-truncated" => faults.truncated = probability(flag, &value()?)?,
            "--timeout-secs" => {
                faults.timeout_delay = Duration::from_secs(number(flag, &value()?)?)
            }
            "--seed" => faults.seed = number(flag, &value()?)?,
            "--fixed-catalog" => self.generated_catalog = false,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Checks what no single flag can: the fault probabilities add up to at most 1.
    pub fn check(&self) -> Result<(), String> {
        let f = &self.faults;
        if f.server_error + f.timeout + f.truncated > 1.0 {
            return Err("the fault probabilities add up to more than 1".into());
        }
        Ok(())
    }
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

/// The configuration `parsed` from the arguments, or the exit: the usage for `--help` (`None`),
/// the problem and the usage for a bad argument.
pub fn config_or_exit<T>(
    name: &str,
    usage: &str,
    parsed: Result<Option<T>, String>,
) -> Result<T, ExitCode> {
    match parsed {
        Ok(Some(config)) => Ok(config),
        Ok(None) => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("{name}: {message}\n\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}

/// Serves a started stand-in: registers SIGTERM before announcing `url` on stdout (so a signal
/// sent right after is not fatal), says on stderr how to point the storefront at it (`hint`),
/// then waits for SIGTERM or Ctrl-C and reports `stats` when stopping.
pub async fn serve_until_stopped(
    name: &str,
    url: &str,
    hint: &str,
    stats: impl Fn() -> Value,
) -> ExitCode {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                eprintln!("{name}: cannot listen for SIGTERM: {error}");
                return ExitCode::FAILURE;
            }
        };
    println!("listening on {url}");
    let _ = std::io::stdout().flush();
    eprintln!("{name}: {hint}");
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("{name}: stopping; {}", stats());
    ExitCode::SUCCESS
}
