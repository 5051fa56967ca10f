//! Credentials kept until shortly before they expire, fetched once however many calls
//! wait for them.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use crate::http::BoxFuture;

/// How long before their expiry cached credentials are fetched again: five minutes, so
/// a request signed with them still reaches AWS before they expire.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// Caches the credentials of another provider.
///
/// Credentials without an expiry are kept for good; temporary ones until
/// [`DEFAULT_REFRESH_BEFORE`] ahead of their expiry. Only one fetch runs at a time:
/// calls arriving meanwhile wait for it and share its result, success or failure, so
/// fifty concurrent calls make one request to a metadata server. When a refresh fails
/// while the cached credentials have not yet expired, those are used, as the AWS SDKs
/// do.
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    refresh_before: Duration,
    state: Mutex<State>,
    /// Held by the one fetch in flight.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    credentials: Option<Credentials>,
    /// Fetches finished so far, to tell waiters that one finished while they waited.
    fetches: u64,
    /// The message of the last fetch, when it failed.
    failure: Option<String>,
}

impl CredentialsCache {
    /// Caches what `provider` returns.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::from_shared(SharedCredentialsProvider::new(provider))
    }

    pub(crate) fn from_shared(provider: SharedCredentialsProvider) -> Self {
        Self {
            provider,
            refresh_before: DEFAULT_REFRESH_BEFORE,
            state: Mutex::new(State::default()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Fetches credentials again this long before they expire (default five minutes).
    pub fn refresh_before(mut self, ahead: Duration) -> Self {
        self.refresh_before = ahead;
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a plain value: a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached credentials if they do not need a refresh yet.
    fn fresh(&self) -> Option<Credentials> {
        let state = self.state();
        let credentials = state.credentials.as_ref()?;
        match credentials.expiry() {
            None => Some(credentials.clone()),
            Some(expiry) => {
                let refresh_at = expiry.checked_sub(self.refresh_before)?;
                (SystemTime::now() < refresh_at).then(|| credentials.clone())
            }
        }
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        let seen = self.state().fetches;
        let _fetching = self.fetching.lock().await;
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        {
            let state = self.state();
            if state.fetches != seen {
                if let Some(failure) = &state.failure {
                    // A fetch failed while this call waited: share its answer rather than
                    // queue one fetch per waiting call.
                    return Err(CredentialsError::new(failure.clone()));
                }
            }
        }
        let fetched = self.provider.provide_credentials().await;
        let mut state = self.state();
        state.fetches += 1;
        match fetched {
            Ok(credentials) => {
                state.failure = None;
                state.credentials = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => {
                state.failure = Some(error.to_string());
                let still_valid = state
                    .credentials
                    .as_ref()
                    .filter(|c| c.expiry().is_none_or(|e| SystemTime::now() < e));
                match still_valid {
                    Some(credentials) => Ok(credentials.clone()),
                    None => Err(error),
                }
            }
        }
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// Counts fetches; answers credentials expiring `lifetime` from now, or fails.
    #[derive(Debug)]
    struct Counting {
        fetches: Arc<AtomicUsize>,
        lifetime: Option<Duration>,
        fail: bool,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.fetches.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.fail {
                    return Err(CredentialsError::new("the source is down"));
                }
                let credentials = Credentials::new(format!("ASIA{n}"), "secret", None);
                Ok(match self.lifetime {
                    Some(lifetime) => credentials.with_expiry(SystemTime::now() + lifetime),
                    None => credentials,
                })
            })
        }
    }

    fn cache(lifetime: Option<Duration>, fail: bool) -> (Arc<CredentialsCache>, Arc<AtomicUsize>) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let provider = Counting {
            fetches: Arc::clone(&fetches),
            lifetime,
            fail,
        };
        (Arc::new(CredentialsCache::new(provider)), fetches)
    }

    async fn concurrently(
        cache: &Arc<CredentialsCache>,
        calls: usize,
    ) -> Vec<Result<String, String>> {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..calls {
            let cache = Arc::clone(cache);
            tasks.spawn(async move {
                cache
                    .provide_credentials()
                    .await
                    .map(|c| c.access_key_id().to_owned())
                    .map_err(|e| e.to_string())
            });
        }
        let mut results = Vec::new();
        while let Some(result) = tasks.join_next().await {
            results.push(result.unwrap());
        }
        results
    }

    #[tokio::test]
    async fn fifty_waiting_calls_share_one_fetch_of_success_or_failure() {
        let (ok, fetches) = cache(Some(Duration::from_secs(3600)), false);
        let results = concurrently(&ok, 50).await;
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(
            results.iter().all(|r| r.as_deref() == Ok("ASIA0")),
            "{results:?}"
        );

        let (failing, fetches) = cache(None, true);
        let results = concurrently(&failing, 50).await;
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(results
            .iter()
            .all(|r| r.as_ref().is_err_and(|e| e.contains("down"))));
        // A later call tries again.
        assert!(failing.provide_credentials().await.is_err());
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn credentials_are_fetched_again_five_minutes_before_they_expire() {
        let (long, fetches) = cache(Some(Duration::from_secs(301)), false);
        long.provide_credentials().await.unwrap();
        long.provide_credentials().await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        let (short, fetches) = cache(Some(Duration::from_secs(299)), false);
        let first = short.provide_credentials().await.unwrap();
        let second = short.provide_credentials().await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        assert_ne!(first.access_key_id(), second.access_key_id());

        let (forever, fetches) = cache(None, false);
        forever.provide_credentials().await.unwrap();
        forever.provide_credentials().await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }
}
