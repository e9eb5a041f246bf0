//! Which fields a run counts: those playing the location and skills roles, as a jobsctl
//! server's `/fields` says, or the lab's `Location` and `Key Skills` for a server that says
//! nothing of roles.

use crate::dataset::{LOCATION_FIELD, SKILLS_FIELD};

/// The fields a run counts: the one that plays the location role and the one that plays
/// the skills role (the lab's `Location` and `Key Skills` on the lab's data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The field of places, if the data has one.
    pub location: Option<String>,
    /// The field of skills, if the data has one.
    pub skills: Option<String>,
}

impl Counted {
    /// The lab's fields, for a server that says nothing of roles (the lab's Flask).
    pub fn lab() -> Counted {
        Counted {
            location: Some(LOCATION_FIELD.to_owned()),
            skills: Some(SKILLS_FIELD.to_owned()),
        }
    }

    /// The headings of the two counts: the lab's (`Location`, `Technology`) on the lab's
    /// fields, else the names of the fields counted.
    pub fn headings(&self) -> (String, String) {
        let location = match self.location.as_deref() {
            None | Some(LOCATION_FIELD) => LOCATION_FIELD.to_owned(),
            Some(other) => other.to_owned(),
        };
        let skills = match self.skills.as_deref() {
            None | Some(SKILLS_FIELD) => "Technology".to_owned(),
            Some(other) => other.to_owned(),
        };
        (location, skills)
    }
}
