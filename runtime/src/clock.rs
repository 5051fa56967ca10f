//! The clock requests are signed with, replaceable so that signatures can be reproduced.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Tells the current wall-clock time.
pub trait TimeSource: Send + Sync + fmt::Debug + 'static {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock stopped at one instant (tests, reproducing a recorded request).
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub SystemTime);

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// A cloneable, shared [`TimeSource`].
#[derive(Clone, Debug)]
pub struct SharedTimeSource(Arc<dyn TimeSource>);

impl SharedTimeSource {
    /// Shares `clock`.
    pub fn new(clock: impl TimeSource) -> Self {
        Self(Arc::new(clock))
    }

    /// Now, by this clock.
    pub fn now(&self) -> SystemTime {
        self.0.now()
    }
}

impl Default for SharedTimeSource {
    fn default() -> Self {
        Self::new(SystemClock)
    }
}
