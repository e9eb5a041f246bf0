//! What the user said of how a data file is read: `--list`, `--no-list`, `--role` and
//! `--csv-delimiter`.

use super::roles::Role;

/// What the user said of one field's lists: `--list FIELD[=SEP]` or `--no-list FIELD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListHint {
    /// A list: split on this separator, or, with none, in whichever encoding fits best.
    List(Option<String>),
    /// Never a list.
    NotList,
}

/// How a data file is read, beyond its bytes: what the user said of its fields and format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Fields settled by `--list` and `--no-list`, by name.
    pub lists: Vec<(String, ListHint)>,
    /// The CSV delimiter, when `--csv-delimiter` forces one.
    pub csv_delimiter: Option<u8>,
    /// Fields declared to play a role with `--role ROLE=FIELD`.
    pub roles: Vec<(Role, String)>,
}

impl ReadOptions {
    /// What the user said of field `name`, if anything (the last word wins).
    pub fn hint(&self, name: &str) -> Option<&ListHint> {
        self.lists
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, h)| h)
    }

    /// The options (`--list`, `--no-list`, `--role`) and field names they gave that
    /// `fields` lacks.
    pub fn unknown_fields<'a>(&'a self, fields: &[&str]) -> Vec<(String, &'a str)> {
        let lists = self.lists.iter().map(|(name, hint)| {
            let option = match hint {
                ListHint::List(_) => "--list",
                ListHint::NotList => "--no-list",
            };
            (option.to_owned(), name.as_str())
        });
        let roles = self
            .roles
            .iter()
            .map(|(role, name)| (format!("--role {}", role.name()), name.as_str()));
        lists
            .chain(roles)
            .filter(|(_, name)| !fields.contains(name))
            .collect()
    }
}
