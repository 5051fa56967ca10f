//! Retries as the AWS SDKs' *standard* mode does them: which failures are retried, how
//! long to wait, and the per-client retry quota that stops retry storms.
//!
//! - Retried: throttling and transient error codes, HTTP 500/502/503/504, broken or
//!   refused connections and timed-out attempts. Other 4xx never are, nor refused TLS
//!   certificates or bodies past the limit (see [`crate::http::TransportErrorKind`]).
//! - Delay before retry *n* (1-based): `rand(0,1) * min(initial * 2^(n-1), max)`, with
//!   `initial` 1 s and `max` 20 s by default.
//! - At most 3 attempts in all by default.
//! - Quota: each client starts with 500 tokens; a retry costs 5 (10 after a timeout or
//!   connection failure) and is not made when the quota cannot pay; a success gives back
//!   what its retries cost, or 1 token when it needed none.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Error codes that mean "slow down".
const THROTTLING_CODES: [&str; 13] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// Error codes of failures that a later attempt may not meet.
const TRANSIENT_CODES: [&str; 3] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// HTTP statuses retried whatever the error code.
const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// How a client retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, backoff from 1 s capped at 20 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Attempts in all, first included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The delay scale of the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest delay between two attempts.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Attempts in all, first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay scale of the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest delay between two attempts.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The delay before retry number `retry` (1 for the first retry), given a random
    /// `jitter` in `[0, 1]`.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exponent = retry.saturating_sub(1);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(exponent).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        // `mul_f64` panics on NaN; a jitter that is not a number means full backoff.
        let jitter = if jitter.is_nan() {
            1.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        ceiling.mul_f64(jitter)
    }
}

/// What went wrong in one attempt, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptFailure<'a> {
    /// The service answered with an error.
    Service {
        /// HTTP status.
        status: u16,
        /// The error code, when the response had one.
        code: Option<&'a str>,
    },
    /// The response could not be understood (e.g. garbled JSON).
    Malformed {
        /// HTTP status.
        status: u16,
    },
    /// No connection, or it broke before a whole response was read.
    Connection,
    /// The attempt exceeded its timeout.
    TimedOut,
    /// A failure no retry can cure (bad request, missing credentials, ...).
    Permanent,
}

/// Why an attempt will be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// A throttling error code.
    Throttled,
    /// A transient error code or status.
    Transient,
    /// A timeout or connection failure.
    Connection,
}

impl RetryReason {
    /// Tokens a retry of this kind takes from the quota.
    fn cost(self) -> u32 {
        match self {
            RetryReason::Connection => 10,
            RetryReason::Throttled | RetryReason::Transient => 5,
        }
    }
}

/// Whether a failed attempt is worth retrying, and why.
pub fn classify(failure: AttemptFailure<'_>) -> Option<RetryReason> {
    match failure {
        AttemptFailure::Service { status, code } => {
            let code = code.unwrap_or("");
            if is_throttling_code(code) {
                Some(RetryReason::Throttled)
            } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&status) {
                Some(RetryReason::Transient)
            } else {
                None
            }
        }
        AttemptFailure::Malformed { status } => TRANSIENT_STATUSES
            .contains(&status)
            .then_some(RetryReason::Transient),
        AttemptFailure::Connection | AttemptFailure::TimedOut => Some(RetryReason::Connection),
        AttemptFailure::Permanent => None,
    }
}

/// True for the error codes the AWS SDKs treat as throttling.
pub fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// The per-client budget of retries.
#[derive(Debug)]
pub struct RetryQuota {
    available: AtomicU32,
}

/// Tokens a client starts with.
const INITIAL_QUOTA: u32 = 500;

impl Default for RetryQuota {
    fn default() -> Self {
        Self {
            available: AtomicU32::new(INITIAL_QUOTA),
        }
    }
}

impl RetryQuota {
    /// Takes the cost of retrying for `reason`; `None` (and nothing taken) when the
    /// quota cannot pay.
    pub fn acquire(&self, reason: RetryReason) -> Option<u32> {
        let cost = reason.cost();
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |have| {
                have.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Gives tokens back after a success: what its retries took, or 1 when it took none.
    pub fn release(&self, spent: u32) {
        let refund = if spent == 0 { 1 } else { spent };
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |have| {
                Some(have.saturating_add(refund).min(INITIAL_QUOTA))
            });
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

/// A random number in `[0, 1)` for backoff jitter.
pub(crate) fn jitter() -> f64 {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 8];
    // The system RNG failing is not a reason to fail a call: fall back to full jitter.
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        return 1.0;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_and_transient_codes_are_retried() {
        for code in THROTTLING_CODES {
            assert_eq!(
                classify(AttemptFailure::Service {
                    status: 400,
                    code: Some(code)
                }),
                Some(RetryReason::Throttled),
                "{code}"
            );
        }
        for code in TRANSIENT_CODES {
            assert_eq!(
                classify(AttemptFailure::Service {
                    status: 400,
                    code: Some(code)
                }),
                Some(RetryReason::Transient),
                "{code}"
            );
        }
    }

    #[test]
    fn server_errors_are_retried_other_client_errors_are_not() {
        for status in [500, 502, 503, 504] {
            let failure = AttemptFailure::Service {
                status,
                code: Some("InternalFailure"),
            };
            assert_eq!(classify(failure), Some(RetryReason::Transient), "{status}");
            assert_eq!(
                classify(AttemptFailure::Malformed { status }),
                Some(RetryReason::Transient)
            );
        }
        for (status, code) in [
            (400, Some("ValidationException")),
            (400, Some("ArgumentException")),
            (403, Some("AccessDeniedException")),
            (404, Some("NotFoundException")),
            (413, None),
            (429, None),
            (501, Some("NotImplemented")),
        ] {
            assert_eq!(
                classify(AttemptFailure::Service { status, code }),
                None,
                "{status}"
            );
        }
        assert_eq!(classify(AttemptFailure::Malformed { status: 200 }), None);
        assert_eq!(classify(AttemptFailure::Permanent), None);
    }

    #[test]
    fn connection_failures_and_timeouts_are_retried() {
        assert_eq!(
            classify(AttemptFailure::Connection),
            Some(RetryReason::Connection)
        );
        assert_eq!(
            classify(AttemptFailure::TimedOut),
            Some(RetryReason::Connection)
        );
    }

    #[test]
    fn backoff_grows_exponentially_with_full_jitter_and_a_cap() {
        let config = RetryConfig::standard();
        assert_eq!(config.backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(config.backoff(2, 1.0), Duration::from_secs(2));
        assert_eq!(config.backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(config.backoff(5, 1.0), Duration::from_secs(16));
        assert_eq!(config.backoff(6, 1.0), Duration::from_secs(20));
        assert_eq!(config.backoff(500, 1.0), Duration::from_secs(20));
        assert_eq!(config.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(config.backoff(2, 0.5), Duration::from_secs(1));
        let small = config
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(25));
        assert_eq!(small.backoff(2, 1.0), Duration::from_millis(20));
        assert_eq!(small.backoff(3, 1.0), Duration::from_millis(25));
        assert_eq!(small.backoff(3, f64::NAN), Duration::from_millis(25));
        assert_eq!(small.backoff(3, f64::INFINITY), Duration::from_millis(25));
        assert_eq!(small.backoff(3, -1.0), Duration::ZERO);
    }

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j), "{j}");
        }
        let delays: Vec<_> = (0..50)
            .map(|_| RetryConfig::standard().backoff(3, jitter()))
            .collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(4)));
        assert!(
            delays.windows(2).any(|w| w[0] != w[1]),
            "jitter should vary"
        );
    }

    #[test]
    fn max_attempts_is_at_least_one() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryConfig::default().max_attempts(), 3);
    }

    #[test]
    fn the_quota_runs_out_and_refills_on_success() {
        let quota = RetryQuota::default();
        let mut taken = 0;
        while let Some(cost) = quota.acquire(RetryReason::Connection) {
            taken += cost;
        }
        assert_eq!(taken, 500);
        assert_eq!(quota.acquire(RetryReason::Throttled), None);
        quota.release(10);
        assert_eq!(quota.available(), 10);
        assert_eq!(quota.acquire(RetryReason::Transient), Some(5));
        quota.release(0);
        assert_eq!(quota.available(), 6);
        for _ in 0..1000 {
            quota.release(10);
        }
        assert_eq!(quota.available(), 500);
    }
}
