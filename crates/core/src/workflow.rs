//! The publishing workflow: draft -> review -> scheduled or published ->
//! unpublished, with the transitions a newsroom allows.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where an article stands in the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; only staff see it.
    Draft,
    /// Submitted for an editor to check.
    Review,
    /// Approved, goes live at its publication time.
    Scheduled,
    /// Live on the reader site.
    Published,
    /// Taken off the reader site; kept with its history.
    Unpublished,
}

/// A transition the workflow does not allow, or an unknown status name.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatusError {
    /// The named status does not exist.
    #[error("unknown article status {0:?}")]
    Unknown(String),
    /// The workflow does not lead from one status to the other.
    #[error("an article cannot go from {from} to {to}")]
    NotAllowed {
        /// Status before.
        from: Status,
        /// Status asked for.
        to: Status,
    },
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Review,
        Status::Scheduled,
        Status::Published,
        Status::Unpublished,
    ];

    /// The stable name used in storage, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }

    /// Whether the workflow leads from `self` to `to` in one step.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Draft, Review | Scheduled | Published)
                | (Review, Draft | Scheduled | Published)
                | (Scheduled, Draft | Published | Unpublished)
                | (Published, Unpublished)
                | (Unpublished, Draft | Published)
        )
    }

    /// The status after moving to `to`, or why that move is refused.
    pub fn transition(self, to: Status) -> Result<Status, StatusError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(StatusError::NotAllowed { from: self, to })
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = StatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| StatusError::Unknown(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
        assert!("live".parse::<Status>().is_err());
    }

    #[test]
    fn published_articles_are_unpublished_not_drafted() {
        assert!(Status::Published.can_become(Status::Unpublished));
        assert_eq!(
            Status::Published.transition(Status::Draft),
            Err(StatusError::NotAllowed {
                from: Status::Published,
                to: Status::Draft
            })
        );
    }

    #[test]
    fn nothing_goes_back_to_scheduled_from_published() {
        assert!(!Status::Published.can_become(Status::Scheduled));
        assert!(Status::Draft.can_become(Status::Scheduled));
        assert!(Status::Scheduled.can_become(Status::Published));
    }
}
