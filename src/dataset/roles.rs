//! Which field plays which part in a job posting: the place, the skills, the title, the
//! company, the pay, the experience asked, the description, the date posted and the id.
//! Found once, at load, from each field's name (common spellings in several languages) and
//! from its content (a list of short recurring items suggests skills, long free text a
//! description, dates a posting date); `--role ROLE=FIELD` declares one and wins. At most
//! one field per role, and one role per field.

use super::Field;
use super::kind::Kind;
use super::role_hints::{NAME_HINTS, normalize};
use super::value::JsonType;

/// A part a field can play in a job posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Where the job is.
    Location,
    /// The skills or tags asked for.
    Skills,
    /// The job's title.
    Title,
    /// Who is hiring.
    Company,
    /// The pay.
    Salary,
    /// The experience asked for.
    Experience,
    /// The posting's text.
    Description,
    /// When it was posted.
    Posted,
    /// The posting's identifier.
    Id,
}

impl Role {
    /// Every role, in the order they are tried and listed.
    pub const ALL: [Role; 9] = [
        Role::Id,
        Role::Title,
        Role::Company,
        Role::Location,
        Role::Skills,
        Role::Salary,
        Role::Experience,
        Role::Posted,
        Role::Description,
    ];

    /// The role's name, as `@name` and `/fields` write it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Location => "location",
            Role::Skills => "skills",
            Role::Title => "title",
            Role::Company => "company",
            Role::Salary => "salary",
            Role::Experience => "experience",
            Role::Description => "description",
            Role::Posted => "posted",
            Role::Id => "id",
        }
    }

    /// The role called `name` (case-insensitive), if there is one.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Field names that suggest the role (the table in `role_hints`).
    fn name_hints(self) -> &'static [&'static str] {
        NAME_HINTS
            .iter()
            .find(|(role, _)| *role == self.name())
            .map_or(&[], |(_, hints)| hints)
    }

    /// Whether a field of this kind can play the role.
    fn fits(self, field: &Field) -> bool {
        match self {
            Role::Skills => true,
            Role::Description => field.kind() == Kind::Text,
            Role::Id => !field.is_list(),
            _ => !field.is_list() || matches!(self, Role::Location),
        }
    }
}

/// How a role's field was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFrom {
    /// Declared with `--role`.
    Option,
    /// The field's name.
    Name,
    /// The field's content.
    Content,
    /// Made at load from other fields (`@salary` from `min_salary` and `max_salary`).
    Fields,
}

impl RoleFrom {
    /// Every source of a role, in the order `/openapi.json` lists their names.
    pub const ALL: [RoleFrom; 4] = [
        RoleFrom::Option,
        RoleFrom::Name,
        RoleFrom::Content,
        RoleFrom::Fields,
    ];

    /// How `/fields` writes it.
    pub fn name(self) -> &'static str {
        match self {
            RoleFrom::Option => "option",
            RoleFrom::Name => "name",
            RoleFrom::Content => "content",
            RoleFrom::Fields => "fields",
        }
    }
}

/// Each role's field, if one plays it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    fields: Vec<(Role, usize, RoleFrom)>,
}

impl Roles {
    /// The number of the field playing `role`.
    pub fn field(&self, role: Role) -> Option<usize> {
        self.fields
            .iter()
            .find(|(r, ..)| *r == role)
            .map(|&(_, f, _)| f)
    }

    /// The role field number `field` plays, and how it was found.
    pub fn of_field(&self, field: usize) -> Option<(Role, RoleFrom)> {
        self.fields
            .iter()
            .find(|(_, f, _)| *f == field)
            .map(|&(r, _, from)| (r, from))
    }

    /// The roles played, in [`Role::ALL`] order.
    pub fn present(&self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| self.field(*r).is_some())
            .collect()
    }

    fn set(&mut self, role: Role, field: usize, from: RoleFrom) {
        self.fields.push((role, field, from));
    }

    /// Gives `role` to `field` (made from other fields), in place of the field that played it.
    pub(super) fn replace(&mut self, role: Role, field: usize, from: RoleFrom) {
        self.fields.retain(|(r, ..)| *r != role);
        self.set(role, field, from);
    }

    fn taken(&self, role: Role, field: usize) -> bool {
        self.fields
            .iter()
            .any(|(r, f, _)| *r == role || *f == field)
    }
}

/// The keys of a nested object that name it for people, best first.
const DISPLAY_KEYS: [&str; 7] = [
    "display_name",
    "name",
    "label",
    "city",
    "title",
    "value",
    "text",
];

/// How well `name` suggests `role`: 30 for the whole name; for its first part (the object
/// `location` of `location.display_name`) 20, more for a key that names the object for
/// people and less for one of metadata (`__CLASS__`, `$oid`); 0 for no hint.
fn name_score(role: Role, name: &str) -> u8 {
    let hints = role.name_hints();
    let hinted = |n: &str| hints.contains(&n);
    if hinted(&normalize(name)) {
        return 30;
    }
    match name.split_once('.') {
        Some((first, rest)) if hinted(&normalize(first)) => {
            let rest = rest.to_ascii_lowercase();
            match DISPLAY_KEYS.iter().position(|k| *k == rest) {
                Some(at) => 29 - at as u8,
                None if rest.starts_with(['_', '$', '@']) => 10,
                None => 20,
            }
        }
        _ => 0,
    }
}

/// The roles of `fields` (of a data set of `records` records): those `declared` (by field
/// number) first, then by name, then by content.
pub(super) fn find_roles(fields: &[Field], records: usize, declared: &[(Role, usize)]) -> Roles {
    let mut roles = Roles::default();
    for &(role, field) in declared {
        if !roles.taken(role, field) {
            roles.set(role, field, RoleFrom::Option);
        }
    }
    // By name: for each role the best-named field, ties to the one most records have,
    // then to a plain field (the place's display name before its list of parts).
    for role in Role::ALL {
        let best = fields
            .iter()
            .enumerate()
            .filter(|(n, f)| !roles.taken(role, *n) && role.fits(f))
            .map(|(n, f)| {
                (
                    name_score(role, &f.name),
                    f.present_count(),
                    !f.is_list(),
                    n,
                )
            })
            .filter(|(score, ..)| *score > 0)
            .max_by_key(|&(score, present, plain, n)| {
                (score, plain, present, std::cmp::Reverse(n))
            });
        if let Some((.., n)) = best {
            roles.set(role, n, RoleFrom::Name);
        }
    }
    // Fields named like some role are left to that role: content decides only the rest.
    let unnamed: Vec<bool> = fields
        .iter()
        .map(|f| Role::ALL.iter().all(|r| name_score(*r, &f.name) == 0))
        .collect();
    let untaken = |roles: &Roles, role: Role| {
        fields
            .iter()
            .enumerate()
            .filter(|(n, _)| unnamed[*n])
            .filter(move |(n, _)| roles.field(role).is_none() && roles.of_field(*n).is_none())
            .collect::<Vec<_>>()
    };
    // By content: the list with the most items counted (skills), the longest text
    // (a description), and dates (when posted).
    let skills = untaken(&roles, Role::Skills)
        .into_iter()
        .filter(|(_, f)| f.is_list() && f.present_count() * 2 >= records)
        .max_by_key(|(_, f)| f.token_count());
    if let Some((n, _)) = skills {
        roles.set(Role::Skills, n, RoleFrom::Content);
    }
    // A description is each posting's own: long, and most records' text is not another's.
    let description = untaken(&roles, Role::Description)
        .into_iter()
        .filter(|(_, f)| f.kind() == Kind::Text && f.values.len() * 2 >= f.present_count())
        .filter(|(_, f)| mean_length(f) >= 200)
        .max_by_key(|(_, f)| mean_length(f));
    if let Some((n, _)) = description {
        roles.set(Role::Description, n, RoleFrom::Content);
    }
    let posted = untaken(&roles, Role::Posted)
        .into_iter()
        .find(|(_, f)| mostly_dates(f));
    if let Some((n, _)) = posted {
        roles.set(Role::Posted, n, RoleFrom::Content);
    }
    roles
}

/// The mean length in characters of a sample of the field's distinct values.
fn mean_length(field: &Field) -> usize {
    let sample: Vec<usize> = field
        .values
        .iter()
        .take(500)
        .filter(|v| v.json_type == JsonType::String)
        .map(|v| v.text.chars().count())
        .collect();
    sample.iter().sum::<usize>() / sample.len().max(1)
}

/// Whether most of a sample of the field's values start with a date (`2024-05-01`).
fn mostly_dates(field: &Field) -> bool {
    let is_date = |t: &str| {
        let b = t.as_bytes();
        b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
    };
    let sample: Vec<bool> = field
        .values
        .iter()
        .take(200)
        .filter(|v| v.json_type == JsonType::String)
        .map(|v| is_date(v.text.trim()))
        .collect();
    !sample.is_empty() && sample.iter().filter(|d| **d).count() * 10 >= sample.len() * 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn roles_of(json: &str) -> Vec<(&'static str, String)> {
        let d = Dataset::from_json(json.as_bytes()).unwrap();
        Role::ALL
            .into_iter()
            .filter_map(|r| Some((r.name(), d.fields()[d.roles().field(r)?].name.clone())))
            .collect()
    }

    #[test]
    fn the_labs_fields_play_the_labs_roles() {
        let json = r#"[{"Id": 1, "Job Title": "Analyst", "Job Experience Required": "2 - 5 yrs",
            "Key Skills": "SQL| Excel", "Role Category": "x", "Location": "Austin",
            "Functional Area": "y", "Industry": "z", "Role": "w"}]"#;
        assert_eq!(
            roles_of(json),
            [
                ("id", "Id".to_owned()),
                ("title", "Job Title".to_owned()),
                ("location", "Location".to_owned()),
                ("skills", "Key Skills".to_owned()),
                ("experience", "Job Experience Required".to_owned()),
            ]
        );
    }

    #[test]
    fn names_in_other_languages_and_nested_names_are_found() {
        let json = r#"[{"intitulé": "Analyste", "lieu": "Lyon", "empresa": "Acme",
            "薪资": "7K-14K", "location": {"display_name": "Lyon", "area": ["FR", "Lyon"]}}]"#;
        let roles = roles_of(json);
        assert!(
            roles.contains(&("title", "intitulé".to_owned())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("location", "lieu".to_owned())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("company", "empresa".to_owned())),
            "{roles:?}"
        );
        assert!(roles.contains(&("salary", "薪资".to_owned())), "{roles:?}");
        let json = r#"[{"title": "A", "location": {"display_name": "Seattle, WA", "area": ["US"]},
            "company": {"display_name": "Acme"}, "created": "2024-05-01T10:00:00Z"}]"#;
        let roles = roles_of(json);
        assert!(
            roles.contains(&("location", "location.display_name".to_owned())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("company", "company.display_name".to_owned())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("posted", "created".to_owned())),
            "{roles:?}"
        );
    }

    #[test]
    fn content_suggests_skills_descriptions_and_dates() {
        let long = "We build data tools for analysts. ".repeat(10);
        let records: Vec<String> = (0..20)
            .map(|i| {
                format!(
                    r#"{{"a1": ["SQL", "Excel", "R{}"], "b2": "{long} {i}", "c3": "2024-01-{:02}"}}"#,
                    i % 3,
                    i + 1
                )
            })
            .collect();
        let roles = roles_of(&format!("[{}]", records.join(",")));
        assert_eq!(
            roles,
            [
                ("skills", "a1".to_owned()),
                ("posted", "c3".to_owned()),
                ("description", "b2".to_owned()),
            ]
        );
        // The same long text in every record is no description (the lab's Role Category).
        let same: Vec<String> = (0..20).map(|_| format!(r#"{{"b2": "{long}"}}"#)).collect();
        assert_eq!(roles_of(&format!("[{}]", same.join(","))), []);
        // No hint at all: no role.
        assert_eq!(roles_of(r#"[{"sensor": "t1", "reading": 3.5}]"#), []);
    }

    #[test]
    fn role_names_parse() {
        assert_eq!(Role::parse("Location"), Some(Role::Location));
        assert_eq!(Role::parse("pay"), None);
        assert_eq!(normalize(" Job_Title "), "job title");
        assert_eq!(normalize("_id.$oid"), "id $oid");
        assert_eq!(normalize("jobLocation"), "job location");
        assert_eq!(normalize("datePosted"), "date posted");
        assert_eq!(normalize("URL"), "url");
    }
}
