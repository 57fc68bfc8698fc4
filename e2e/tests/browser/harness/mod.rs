//! The browser-test harness.
//!
//! [`run`] serves the app in-process on the mock catalog, starts chromedriver on a free port with a
//! fresh Chromium profile, hands the flow a [`Page`], and afterwards always closes the session,
//! kills chromedriver (and any Chromium it left behind) and removes the profile, even when the
//! flow fails or panics. Flows run one at a time: the machine is small and Chromium is not.
//!
//! - `driver`: the session's lifecycle: the app, chromedriver and its process group, the
//!   Chromium profile and capabilities, the guard that turns a failing flow into a test failure
//!   after the teardown, and the raw WebDriver commands chromedriver offers beyond the standard.
//! - `page`: what a flow does with the browser ([`Page`]): open, wait, find, read texts and
//!   prices, take screenshots, and check a page's health (images, statuses, console and network).

mod driver;
mod page;

use std::time::Duration;

pub use driver::run;
pub use page::{Page, parse_price};

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The id of the first mock product (also the example offer in the docs).
pub const KNOWN_ID: u64 = 610947572360;

/// How long any single wait (an element, a URL, images) may take.
const WAIT: Duration = Duration::from_secs(10);

/// What kind of browser a flow needs.
#[derive(Debug, Clone, Copy)]
pub struct Browser {
    pub javascript: bool,
    /// Emulate a phone whose viewport is this many CSS pixels wide.
    pub mobile_width: Option<u32>,
}

impl Browser {
    pub const DESKTOP: Browser = Browser {
        javascript: true,
        mobile_width: None,
    };
    pub const PHONE: Browser = Browser {
        javascript: true,
        mobile_width: Some(375),
    };
    pub const NO_JAVASCRIPT: Browser = Browser {
        javascript: false,
        mobile_width: None,
    };
}
