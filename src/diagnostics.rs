//! What `/api-status`, `/api/status` and `storefront check` report: the configuration, the checks
//! of the data source, and the passive health seen in real traffic.
//!
//! Views of the status page cost nothing: they show the last probe. A probe runs at the first
//! view, and again when the owner asks for a re-check — at most once per `STATUS_RECHECK_SECS` and
//! within `STATUS_DAILY_CALLS` upstream calls a day (China time), so no visitor can spend the
//! budget the shoppers need. `storefront check` probes every time.

use std::time::{Duration, Instant};

use jiff::civil::Date;
use serde::Serialize;
use tokio::sync::Mutex;

use crate::AppState;
use crate::china_time;
use crate::config::Config;
use crate::format::human_duration;
use crate::provider::{Check, DataSource, Provider, ProviderName, Usage};
use crate::web::messages;

/// Everything the status page and `/api/status` report. Never holds the secret or a token.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub mode: DataSource,
    /// Which source answers: `1688`, `onebound` or `mock`.
    pub provider: ProviderName,
    /// Why that source was chosen (credentials, `STOREFRONT_PROVIDER`).
    pub provider_reason: String,
    pub app_key_configured: bool,
    pub app_secret_configured: bool,
    /// `ALIBABA_ACCESS_TOKEN` is set, or a token was stored through OAuth.
    pub access_token_configured: bool,
    /// A token was stored through OAuth (`/auth/1688`).
    pub oauth_authorized: bool,
    /// `STOREFRONT_ADMIN_TOKEN` is set, so the owner can connect the store through `/auth/1688`.
    pub oauth_enabled: bool,
    /// e.g. `1234****`.
    pub app_key_masked: Option<String>,
    pub gateway_url: String,
    /// `ONEBOUND_KEY` and `ONEBOUND_SECRET` are set.
    pub onebound_key_configured: bool,
    pub onebound_secret_configured: bool,
    /// e.g. `t123****`.
    pub onebound_key_masked: Option<String>,
    pub onebound_api_url: String,
    pub onebound_lang: String,
    /// "API credentials are configured!" or what to set where.
    pub message: String,
    pub missing: Vec<&'static str>,
    /// The checks of the last probe (empty when none could run yet).
    pub checks: Vec<CheckReport>,
    /// How long ago the checks ran.
    pub checked_seconds_ago: Option<u64>,
    pub recheck: Recheck,
    /// Calls against the budget, cache, back-off, last upstream error (live mode).
    pub usage: Option<Usage>,
}

/// One check as reported: what was checked, what was found, and on failure its classified cause
/// and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub name: String,
    pub ok: bool,
    pub latency_ms: Option<u64>,
    pub detail: String,
    /// A stable code of the cause, e.g. `invalid_signature`.
    pub error_code: Option<&'static str>,
    pub remedy: Option<String>,
}

impl From<Check> for CheckReport {
    /// A check of the 1688 gateway.
    fn from(check: Check) -> CheckReport {
        CheckReport::of(check, ProviderName::Gateway)
    }
}

impl CheckReport {
    /// A check of `provider`, its remedy naming that source's settings.
    pub fn of(check: Check, provider: ProviderName) -> CheckReport {
        CheckReport {
            error_code: check.error.as_ref().map(|e| e.code()),
            remedy: check
                .error
                .as_ref()
                .map(|error| messages::remedy_for(provider, error)),
            name: check.name,
            ok: check.ok,
            latency_ms: check.latency_ms,
            detail: check.detail,
        }
    }
}

/// Whether a re-check can run now, and if not, when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recheck {
    pub available: bool,
    /// Why not, and when it can, in the owner's words.
    pub message: Option<String>,
}

impl StatusReport {
    /// The report for a view of the status page: the last probe, or a new one when none ran yet
    /// or a re-check was asked for and is allowed.
    pub async fn collect(state: &AppState, recheck: bool) -> StatusReport {
        let probe = state
            .diagnostics
            .probe(state.provider.as_ref(), recheck)
            .await;
        StatusReport::build(state, probe).await
    }

    /// The report with the last probe, never a new one (a crawler's view: probes cost calls).
    pub async fn collect_without_calls(state: &AppState) -> StatusReport {
        let probe = state
            .diagnostics
            .probe_if(state.provider.as_ref(), false, false)
            .await;
        StatusReport::build(state, probe).await
    }

    /// The report with a fresh probe, whatever the allowance says (`storefront check`).
    pub async fn collect_now(state: &AppState) -> StatusReport {
        let checks = state.provider.status().await;
        let probe = ProbeView {
            checks,
            checked: Some(Duration::ZERO),
            recheck: Recheck {
                available: true,
                message: None,
            },
        };
        StatusReport::build(state, probe).await
    }

    async fn build(state: &AppState, probe: ProbeView) -> StatusReport {
        let credentials = &state.config.credentials;
        let onebound = &state.config.onebound;
        let provider = state.provider.name();
        let missing = match provider {
            ProviderName::Onebound => Vec::new(),
            ProviderName::Gateway | ProviderName::Mock => credentials.missing(),
        };
        let message = if missing.is_empty() {
            "API credentials are configured!".to_string()
        } else {
            format!(
                "Showing sample data. To use live 1688 data, set {} in .env.local (copy .env.example) or in the environment, then restart the store. Without 1688 Open Platform access, set ONEBOUND_KEY and ONEBOUND_SECRET to use Onebound instead.",
                missing.join(" and ")
            )
        };
        let oauth_authorized = match &state.oauth {
            Some(oauth) => oauth.has_token().await,
            None => false,
        };
        StatusReport {
            mode: state.provider.source(),
            provider,
            provider_reason: state.config.source.reason.clone(),
            onebound_key_configured: onebound.key.is_some(),
            onebound_secret_configured: onebound.secret.is_some(),
            onebound_key_masked: onebound.masked_key(),
            onebound_api_url: onebound.api_url.clone(),
            onebound_lang: onebound.lang.clone(),
            oauth_authorized,
            oauth_enabled: state.config.admin_token.is_some(),
            app_key_configured: credentials.app_key.is_some(),
            app_secret_configured: credentials.app_secret.is_some(),
            access_token_configured: credentials.access_token.is_some() || oauth_authorized,
            app_key_masked: credentials.masked_app_key(),
            gateway_url: state.config.api_url.clone(),
            message,
            missing,
            checks: probe
                .checks
                .into_iter()
                .map(|check| CheckReport::of(check, provider))
                .collect(),
            checked_seconds_ago: probe.checked.map(|age| age.as_secs()),
            recheck: probe.recheck,
            usage: state.provider.usage(),
        }
    }

    /// Live mode with every check passing: what `storefront check` exits 0 for.
    pub fn healthy(&self) -> bool {
        self.mode == DataSource::Live && !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }

    /// "checked 5 minutes ago", for the page.
    pub fn checked_text(&self) -> Option<String> {
        self.checked_seconds_ago.map(|secs| match secs {
            0 => "checked just now".to_string(),
            secs => format!("checked {} ago", human_duration(Duration::from_secs(secs))),
        })
    }

    /// The report as terminal text, for `storefront check`.
    pub fn to_text(&self) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let mut out = format!(
            "mode:                 {}\nsource:               {} ({})\n",
            self.mode.as_str(),
            self.provider.as_str(),
            self.provider_reason,
        );
        if self.provider == ProviderName::Onebound {
            out.push_str(&format!(
                "ONEBOUND_KEY:         {}{}\nONEBOUND_SECRET:      {}\nONEBOUND_API_URL:     {}\nONEBOUND_LANG:        {}\n",
                yes_no(self.onebound_key_configured),
                self.onebound_key_masked
                    .as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default(),
                yes_no(self.onebound_secret_configured),
                self.onebound_api_url,
                self.onebound_lang,
            ));
        }
        out.push_str(&format!(
            "ALIBABA_APP_KEY:      {}{}\nALIBABA_APP_SECRET:   {}\nALIBABA_ACCESS_TOKEN: {}\ngateway:              {}\n\n{}\n",
            yes_no(self.app_key_configured),
            self.app_key_masked
                .as_deref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default(),
            yes_no(self.app_secret_configured),
            yes_no(self.access_token_configured),
            self.gateway_url,
            self.message,
        ));
        if let Some(usage) = &self.usage {
            out.push_str(&format!(
                "\ncalls today: {} of {}; last minute: {}\n",
                usage.calls_today,
                usage
                    .daily_limit
                    .map_or("unlimited".to_string(), |l| l.to_string()),
                usage.calls_last_minute
            ));
            if let Some(sharing) = usage.store.as_ref().and_then(|store| store.shared.as_ref()) {
                out.push_str(&format!(
                    "instance: {} ({} through Redis at {}; {} calls today by this instance)\n",
                    sharing.instance_id, sharing.mode, sharing.redis, sharing.instance_calls_today
                ));
            }
        }
        for check in &self.checks {
            let latency = check
                .latency_ms
                .map(|ms| format!(" ({ms} ms)"))
                .unwrap_or_default();
            let mark = if check.ok { "ok  " } else { "FAIL" };
            out.push_str(&format!(
                "\n[{mark}] {}{latency}\n       {}\n",
                check.name, check.detail
            ));
            if let Some(remedy) = &check.remedy {
                out.push_str(&format!("       what to do: {remedy}\n"));
            }
        }
        out
    }
}

/// The checks a view shows, their age, and whether a re-check is possible.
pub struct ProbeView {
    pub checks: Vec<Check>,
    pub checked: Option<Duration>,
    pub recheck: Recheck,
}

/// When the status page may probe the data source, and what the last probe found.
pub struct Diagnostics {
    /// `STATUS_RECHECK_SECS`.
    recheck_interval: Duration,
    /// `STATUS_DAILY_CALLS`; `None`: no cap.
    daily_calls: Option<u32>,
    /// Held while probing, so that concurrent views share one probe.
    record: Mutex<Record>,
}

#[derive(Default)]
struct Record {
    last: Option<(Instant, Vec<Check>)>,
    /// Upstream calls spent on probes on `day` (China time).
    day: Option<Date>,
    calls: u32,
}

/// Why a probe cannot run now.
enum Refusal {
    TooSoon(Duration),
    AllowanceSpent,
}

impl Diagnostics {
    pub fn from_config(config: &Config) -> Diagnostics {
        Diagnostics {
            recheck_interval: config.status_recheck,
            daily_calls: config.status_daily_calls,
            record: Mutex::new(Record::default()),
        }
    }

    /// The last probe of `provider`, after running a new one if none ran yet, or if `recheck` is
    /// asked for and allowed.
    pub async fn probe(&self, provider: &dyn Provider, recheck: bool) -> ProbeView {
        self.probe_if(provider, recheck, true).await
    }

    /// Like [`Diagnostics::probe`]; with `may_call` false, never runs a probe.
    pub async fn probe_if(
        &self,
        provider: &dyn Provider,
        recheck: bool,
        may_call: bool,
    ) -> ProbeView {
        let mut record = self.record.lock().await;
        let today = china_time::today();
        if record.day != Some(today) {
            record.day = Some(today);
            record.calls = 0;
        }
        let cost = provider.status_calls();
        if may_call && (record.last.is_none() || recheck) && self.refusal(&record, cost).is_none() {
            let checks = provider.status().await;
            record.calls += cost;
            record.last = Some((Instant::now(), checks));
        }
        let recheck = match self.refusal(&record, cost) {
            None => Recheck {
                available: true,
                message: None,
            },
            Some(Refusal::TooSoon(wait)) => Recheck {
                available: false,
                message: Some(format!(
                    "A re-check is possible in {} (at most one every {}).",
                    human_duration(wait.max(Duration::from_secs(1))),
                    human_duration(self.recheck_interval)
                )),
            },
            Some(Refusal::AllowanceSpent) => Recheck {
                available: false,
                message: Some(format!(
                    "Today's {} gateway calls for checks (STATUS_DAILY_CALLS) are spent, so the shoppers keep the rest of the budget; re-checks resume at 00:00 China time.",
                    self.daily_calls.unwrap_or_default()
                )),
            },
        };
        let (checks, checked) = match &record.last {
            Some((at, checks)) => (checks.clone(), Some(at.elapsed())),
            None => (Vec::new(), None),
        };
        ProbeView {
            checks,
            checked,
            recheck,
        }
    }

    fn refusal(&self, record: &Record, cost: u32) -> Option<Refusal> {
        if let Some((at, _)) = &record.last {
            let age = at.elapsed();
            if age < self.recheck_interval {
                return Some(Refusal::TooSoon(self.recheck_interval - age));
            }
        }
        let spent = self
            .daily_calls
            .is_some_and(|allowed| record.calls + cost > allowed);
        spent.then_some(Refusal::AllowanceSpent)
    }
}
