//! What a person asks of the diary, written once for both shells: the app's commands and the
//! CLI's subcommands check nothing, name nothing and compute nothing themselves; they turn
//! their input into these requests and show what comes back.

pub mod chart;
pub mod days;
pub mod export;

use chrono::NaiveDate;

use crate::{Error, Result};

/// Refuses a period whose first night is after its last (field `from`).
pub fn check_period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<()> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(Error::invalid("from", f, format!("must not be after the end date ({t})"))),
        _ => Ok(()),
    }
}

/// A seed for a random order, drawn from the clock and the process id (a plan's seed is
/// printed, so the order can be checked and drawn again).
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_may_be_open_or_one_night_but_never_backwards() {
        assert!(check_period(None, None).is_ok());
        assert!(check_period(Some(d("2026-05-01")), None).is_ok());
        assert!(check_period(Some(d("2026-05-01")), Some(d("2026-05-01"))).is_ok());
        let Err(Error::Invalid(p)) = check_period(Some(d("2026-05-02")), Some(d("2026-05-01"))) else {
            panic!("a backwards period is refused")
        };
        assert_eq!((p[0].field.as_str(), p[0].value.as_str()), ("from", "2026-05-02"));
        assert!(p[0].rule.contains("2026-05-01"), "{}", p[0].rule);
    }
}
