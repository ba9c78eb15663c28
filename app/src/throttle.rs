//! The limit on password attempts (sign-in and changing one's own password).
//!
//! An attempt is counted *before* the password is checked, under one lock, so concurrent wrong
//! guesses cannot all slip through while the first is still hashing. Three counters, each with
//! its own bound:
//!
//! * **account + address**: after `pair_free` failures from one address on one account, that
//!   pair must wait, doubling with each further failure (1, 2, 4 … up to the window). This is the
//!   attacker's limit; the real user, signing in from another address, is not affected.
//! * **address**: `per_address` failures in the window across all accounts (password spraying).
//! * **account**: `per_account` failures in the window from all addresses together: a high
//!   bound, so that one address cannot lock anybody out, yet a distributed guess stays slow.
//!
//! A success clears the pair and takes its own attempt back from the other two counters.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct LoginThrottle {
    window: Duration,
    pair_free: u32,
    per_address: u32,
    per_account: u32,
    state: Mutex<HashMap<String, Counter>>,
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    start: Instant,
    failures: u32,
    last: Instant,
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
    pair: String,
    address: String,
    account: String,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(Duration::from_secs(15 * 60), 5, 50, 100)
    }
}

impl LoginThrottle {
    pub fn new(window: Duration, pair_free: u32, per_address: u32, per_account: u32) -> Self {
        LoginThrottle {
            window,
            pair_free,
            per_address,
            per_account,
            state: Mutex::new(HashMap::new()),
        }
    }

    fn keys(account: &str, address: &str) -> (String, String, String) {
        (
            format!("p:{account}\u{0}{address}"),
            format!("ip:{address}"),
            format!("a:{account}"),
        )
    }

    /// How long the pair must still wait after `failures` failures, the last at `last`.
    fn pair_wait(&self, c: &Counter, now: Instant) -> Option<Duration> {
        if c.failures < self.pair_free {
            return None;
        }
        let doublings = (c.failures - self.pair_free).min(16);
        let wait = Duration::from_secs(60u64 << doublings).min(self.window);
        let until = c.last + wait;
        (until > now).then(|| until - now)
    }

    /// Counts an attempt, or refuses it while a limit holds (then nothing is counted).
    pub fn begin(&self, account: &str, address: &str, now: Instant) -> Result<Attempt, Refused> {
        let (pair, ip, acc) = Self::keys(account, address);
        let mut map = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let window = self.window;
        let current = |map: &HashMap<String, Counter>, key: &str| {
            map.get(key)
                .filter(|c| now.duration_since(c.start) < window)
                .copied()
        };
        if let Some(wait) = current(&map, &pair).and_then(|c| self.pair_wait(&c, now)) {
            return Err(Refused { retry_after: wait });
        }
        for (key, limit) in [(&ip, self.per_address), (&acc, self.per_account)] {
            if let Some(c) = current(&map, key).filter(|c| c.failures >= limit) {
                return Err(Refused {
                    retry_after: (c.start + window).saturating_duration_since(now),
                });
            }
        }
        for key in [&pair, &ip, &acc] {
            let entry = map.entry(key.clone()).or_insert(Counter {
                start: now,
                failures: 0,
                last: now,
            });
            if now.duration_since(entry.start) >= window {
                *entry = Counter {
                    start: now,
                    failures: 0,
                    last: now,
                };
            }
            entry.failures += 1;
            entry.last = now;
        }
        // Forget finished windows now and then, so the map cannot grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, c| now.duration_since(c.start) < window);
        }
        Ok(Attempt {
            pair,
            address: ip,
            account: acc,
        })
    }

    /// The attempt was right: the pair starts afresh and the attempt no longer counts.
    pub fn succeed(&self, attempt: Attempt) {
        let mut map = self.state.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&attempt.pair);
        for key in [&attempt.address, &attempt.account] {
            if let Some(c) = map.get_mut(key) {
                c.failures = c.failures.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(Duration::from_secs(900), 3, 10, 20)
    }

    #[test]
    fn the_attacker_waits_longer_and_longer_the_real_user_does_not() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..3 {
            let _ = t.begin("admin@x.se", "6.6.6.6", now).unwrap();
        }
        let refused = t.begin("admin@x.se", "6.6.6.6", now).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(60));
        // The real admin, from their own address, signs in at once.
        let attempt = t.begin("admin@x.se", "10.1.1.1", now).unwrap();
        t.succeed(attempt);
        // After a minute the attacker may guess once more, then waits two minutes.
        let later = now + Duration::from_secs(61);
        let _ = t.begin("admin@x.se", "6.6.6.6", later).unwrap();
        assert_eq!(
            t.begin("admin@x.se", "6.6.6.6", later)
                .unwrap_err()
                .retry_after,
            Duration::from_secs(120)
        );
    }

    #[test]
    fn one_address_is_limited_across_accounts() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..10 {
            let _ = t.begin(&format!("u{i}@x.se"), "6.6.6.6", now).unwrap();
        }
        assert!(t.begin("new@x.se", "6.6.6.6", now).is_err());
        assert!(t.begin("new@x.se", "7.7.7.7", now).is_ok());
    }

    #[test]
    fn an_account_has_a_high_bound_over_all_addresses() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..20 {
            let _ = t.begin("anna@x.se", &format!("10.0.0.{i}"), now).unwrap();
        }
        assert!(t.begin("anna@x.se", "10.0.1.1", now).is_err());
        assert!(
            t.begin("anna@x.se", "10.0.1.1", now + Duration::from_secs(901))
                .is_ok(),
            "the window passes"
        );
    }

    #[test]
    fn attempts_count_before_the_check_so_a_burst_cannot_slip_through() {
        let t = throttle();
        let now = Instant::now();
        // Ten guesses started together, none finished: only three get to the password check.
        let admitted = (0..10)
            .filter_map(|_| t.begin("anna@x.se", "6.6.6.6", now).ok())
            .count();
        assert_eq!(admitted, 3);
    }

    #[test]
    fn success_takes_the_attempt_back() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..2 {
            let _ = t.begin("anna@x.se", "a", now).unwrap();
        }
        t.succeed(t.begin("anna@x.se", "a", now).unwrap());
        for _ in 0..3 {
            let _ = t.begin("anna@x.se", "a", now).unwrap();
        }
        assert!(t.begin("anna@x.se", "a", now).is_err());
    }
}
