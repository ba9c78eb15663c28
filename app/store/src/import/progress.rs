//! How far a running import has come, for a progress bar.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use readiness_rules::ImportPhase;

/// Where a running import is, for a progress bar. Shared between the import and whoever
/// watches it; updated every few thousand rows.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// (phase, rows done, rows in the file)
    pub fn snapshot(&self) -> (ImportPhase, usize, usize) {
        let phase = match self.phase.load(Ordering::Relaxed) {
            0 => ImportPhase::Reading,
            1 => ImportPhase::Checking,
            2 => ImportPhase::Writing,
            _ => ImportPhase::Done,
        };
        (
            phase,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub(super) fn start(&self, phase: ImportPhase, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    pub(super) fn tick(&self, done: usize) {
        if done.is_multiple_of(4096) {
            self.done.store(done, Ordering::Relaxed);
        }
    }
}
