//! The limit on password attempts (sign-in and changing one's own password).
//!
//! An attempt is counted *before* the password is checked, in one transaction that attempts on
//! every instance take in turn (the counters live in the database, `login_counters`), so
//! concurrent wrong guesses cannot all slip through while the first is still hashing, nor get
//! more tries by reaching another instance. Three counters, each with its own bound:
//!
//! * **account + address**: after `pair_free` failures from one address on one account, that
//!   pair must wait, doubling with each further failure (1, 2, 4 … up to the window). This is the
//!   attacker's limit; the real user, signing in from another address, is not affected.
//! * **address**: `per_address` failures in the window across all accounts (password spraying).
//! * **account**: `per_account` failures in the window from all addresses together: a high
//!   bound, so that one address cannot lock anybody out, yet a distributed guess stays slow.
//!
//! A success clears the pair and takes its own attempt back from the other two counters.

use std::time::Duration;

use readiness_store::login_counters::{self, Counter};
use readiness_store::{Pool, StoreError};

/// The limits (the counts are in the database).
#[derive(Debug)]
pub struct LoginThrottle {
    window: Duration,
    pair_free: u32,
    per_address: u32,
    per_account: u32,
}

/// Why an attempt was not let through, and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub retry_after: Duration,
}

impl Refused {
    /// Minutes to wait, at least one.
    pub fn minutes(&self) -> u64 {
        self.retry_after.as_secs().div_ceil(60).max(1)
    }
}

/// A counted attempt: report its outcome with [`LoginThrottle::succeed`] when it succeeds.
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    keys: [String; 3],
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(Duration::from_secs(15 * 60), 5, 50, 100)
    }
}

/// Milliseconds in `d`.
fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The time to wait from `now` until `until` (both in milliseconds).
fn until(until: i64, now: i64) -> Duration {
    Duration::from_millis(u64::try_from(until.saturating_sub(now)).unwrap_or(0))
}

impl LoginThrottle {
    pub fn new(window: Duration, pair_free: u32, per_address: u32, per_account: u32) -> Self {
        LoginThrottle {
            window,
            pair_free,
            per_address,
            per_account,
        }
    }

    /// The counters' keys: account + address, address, account.
    fn keys(account: &str, address: &str) -> [String; 3] {
        [
            // A space cannot be in an address or account (PostgreSQL text holds no NUL).
            format!("p:{account} {address}"),
            format!("ip:{address}"),
            format!("a:{account}"),
        ]
    }

    /// How long the pair must still wait after `failures` failures, the last at `last`.
    fn pair_wait(&self, c: &Counter, now: i64) -> Option<Duration> {
        if c.failures < self.pair_free {
            return None;
        }
        let doublings = (c.failures - self.pair_free).min(16);
        let wait = Duration::from_secs(60u64 << doublings).min(self.window);
        let end = c.last.saturating_add(millis(wait));
        (end > now).then(|| until(end, now))
    }

    /// The rule, on the current counters of (pair, address, account): the counters with this
    /// attempt counted, or the refusal while a limit holds (then nothing is counted).
    pub fn admit(
        &self,
        current: &[Option<Counter>],
        now: i64,
    ) -> Result<Vec<Option<Counter>>, Refused> {
        let window = millis(self.window);
        let live = |c: &Option<Counter>| c.filter(|c| now.saturating_sub(c.start) < window);
        if let Some(wait) = live(&current[0]).and_then(|c| self.pair_wait(&c, now)) {
            return Err(Refused { retry_after: wait });
        }
        for (counter, limit) in [
            (&current[1], self.per_address),
            (&current[2], self.per_account),
        ] {
            if let Some(c) = live(counter).filter(|c| c.failures >= limit) {
                return Err(Refused {
                    retry_after: until(c.start.saturating_add(window), now),
                });
            }
        }
        Ok(current
            .iter()
            .map(|c| {
                let c = live(c).unwrap_or(Counter {
                    start: now,
                    failures: 0,
                    last: now,
                });
                Some(Counter {
                    failures: c.failures + 1,
                    last: now,
                    ..c
                })
            })
            .collect())
    }

    /// The rule for a right password: the pair starts afresh and the attempt no longer counts
    /// towards the address's and account's limits.
    pub fn forgive(current: &[Option<Counter>]) -> Vec<Option<Counter>> {
        let mut next: Vec<Option<Counter>> = current
            .iter()
            .map(|c| {
                c.map(|c| Counter {
                    failures: c.failures.saturating_sub(1),
                    ..c
                })
            })
            .collect();
        next[0] = None;
        next
    }

    /// Counts an attempt at `now` (milliseconds since 1970), or refuses it while a limit holds.
    pub async fn begin(
        &self,
        pool: &Pool,
        account: &str,
        address: &str,
        now: i64,
    ) -> Result<Result<Attempt, Refused>, StoreError> {
        let keys = Self::keys(account, address);
        let refs = [keys[0].as_str(), keys[1].as_str(), keys[2].as_str()];
        let forget_before = now.saturating_sub(millis(self.window));
        login_counters::update(pool, &refs, forget_before, |current| {
            match self.admit(current, now) {
                Ok(next) => (next, Ok(())),
                Err(refused) => (current.to_vec(), Err(refused)),
            }
        })
        .await
        .map(|admitted| admitted.map(|()| Attempt { keys }))
    }

    /// The attempt was right (see [`LoginThrottle::forgive`]).
    pub async fn succeed(&self, pool: &Pool, attempt: Attempt) -> Result<(), StoreError> {
        let keys = &attempt.keys;
        let refs = [keys[0].as_str(), keys[1].as_str(), keys[2].as_str()];
        login_counters::update(pool, &refs, i64::MIN, |current| {
            (Self::forgive(current), ())
        })
        .await
    }
}

/// The time the throttle counts in: milliseconds since 1970, the same on every instance.
pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(Duration::from_secs(900), 3, 10, 20)
    }

    /// The counters kept in memory and changed by the same rules as in the database (`begin`
    /// and `succeed` there are these steps inside one transaction; the routes' tests run them
    /// against both backends).
    #[derive(Default)]
    struct Counters(HashMap<String, Counter>);

    impl Counters {
        fn current(&self, keys: &[String; 3]) -> Vec<Option<Counter>> {
            keys.iter().map(|k| self.0.get(k).copied()).collect()
        }

        fn store(&mut self, keys: &[String; 3], next: Vec<Option<Counter>>) {
            for (key, counter) in keys.iter().zip(next) {
                match counter {
                    Some(c) => self.0.insert(key.clone(), c),
                    None => self.0.remove(key),
                };
            }
        }

        fn begin(
            &mut self,
            t: &LoginThrottle,
            account: &str,
            address: &str,
            now: i64,
        ) -> Result<[String; 3], Refused> {
            let keys = LoginThrottle::keys(account, address);
            let next = t.admit(&self.current(&keys), now)?;
            self.store(&keys, next);
            Ok(keys)
        }

        fn succeed(&mut self, keys: [String; 3]) {
            let next = LoginThrottle::forgive(&self.current(&keys));
            self.store(&keys, next);
        }
    }

    #[test]
    fn the_attacker_waits_longer_and_longer_the_real_user_does_not() {
        let (t, mut c) = (throttle(), Counters::default());
        let now = 1_000_000;
        for _ in 0..3 {
            c.begin(&t, "admin@x.se", "6.6.6.6", now).unwrap();
        }
        let refused = c.begin(&t, "admin@x.se", "6.6.6.6", now).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(60));
        // The real admin, from their own address, signs in at once.
        let attempt = c.begin(&t, "admin@x.se", "10.1.1.1", now).unwrap();
        c.succeed(attempt);
        // After a minute the attacker may guess once more, then waits two minutes.
        let later = now + 61_000;
        c.begin(&t, "admin@x.se", "6.6.6.6", later).unwrap();
        assert_eq!(
            c.begin(&t, "admin@x.se", "6.6.6.6", later)
                .unwrap_err()
                .retry_after,
            Duration::from_secs(120)
        );
    }

    #[test]
    fn one_address_is_limited_across_accounts() {
        let (t, mut c) = (throttle(), Counters::default());
        for i in 0..10 {
            c.begin(&t, &format!("u{i}@x.se"), "6.6.6.6", 0).unwrap();
        }
        assert!(c.begin(&t, "new@x.se", "6.6.6.6", 0).is_err());
        assert!(c.begin(&t, "new@x.se", "7.7.7.7", 0).is_ok());
    }

    #[test]
    fn an_account_has_a_high_bound_over_all_addresses() {
        let (t, mut c) = (throttle(), Counters::default());
        for i in 0..20 {
            c.begin(&t, "anna@x.se", &format!("10.0.0.{i}"), 0).unwrap();
        }
        let refused = c.begin(&t, "anna@x.se", "10.0.1.1", 0).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(900));
        assert!(
            c.begin(&t, "anna@x.se", "10.0.1.1", 901_000).is_ok(),
            "the window passes"
        );
    }

    #[test]
    fn attempts_count_before_the_check_so_a_burst_cannot_slip_through() {
        let (t, mut c) = (throttle(), Counters::default());
        // Ten guesses started together, none finished: only three get to the password check.
        let admitted = (0..10)
            .filter_map(|_| c.begin(&t, "anna@x.se", "6.6.6.6", 0).ok())
            .count();
        assert_eq!(admitted, 3);
    }

    #[test]
    fn success_takes_the_attempt_back() {
        let (t, mut c) = (throttle(), Counters::default());
        for _ in 0..2 {
            c.begin(&t, "anna@x.se", "a", 0).unwrap();
        }
        let attempt = c.begin(&t, "anna@x.se", "a", 0).unwrap();
        c.succeed(attempt);
        for _ in 0..3 {
            c.begin(&t, "anna@x.se", "a", 0).unwrap();
        }
        assert!(c.begin(&t, "anna@x.se", "a", 0).is_err());
    }
}
