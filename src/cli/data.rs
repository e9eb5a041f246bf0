//! Where the data comes from and how it is read: `--data`, `--max-data-size`, `--list`,
//! `--no-list`, `--csv-delimiter` and `--role`, shared by `serve` and `collect`.

use std::path::PathBuf;

use clap::Args;

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data to load [default: the bundled synthetic jobs.json]: a JSON array of records
    /// or an object holding one ({"results": [...]}), nested records (read as dotted fields),
    /// NDJSON (one record a line, also in a .json file) or CSV (a header row of field names,
    /// its separator sniffed; an empty cell is no value). Lists are found from their content;
    /// see --list. docs/DATA.md has the rules.
    #[arg(long, env = "JOBSCTL_DATA", value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// The largest data file to load, in bytes or with a K, M or G suffix (binary:
    /// 1K = 1024); only regular files are read. serve holds each reload to it too, and
    /// collect --url the server's answers of records (/data, /data/all).
    #[arg(long, env = "JOBSCTL_MAX_DATA_SIZE", value_name = "SIZE", default_value = "2G",
          value_parser = super::parse_size)]
    pub max_data_size: u64,
    /// Read FIELD as a list, split on SEP (`--list tags=;`), or, with no SEP, in whichever
    /// encoding fits it (a JSON array, a Python list, or text joined by | ; / or ,).
    /// Lists are found by their content; this settles a field the content leaves open.
    /// Repeatable.
    #[arg(long = "list", value_name = "FIELD[=SEP]", value_parser = parse_list_hint)]
    pub lists: Vec<(String, Option<String>)>,
    /// Never read FIELD as a list, whatever its content. Repeatable.
    #[arg(long = "no-list", value_name = "FIELD")]
    pub no_lists: Vec<String>,
    /// The CSV column separator: one character, or `tab` [default: sniffed from the first
    /// lines among , ; tab and |].
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub csv_delimiter: Option<u8>,
    /// Declare the field that plays ROLE (id, title, company, location, skills, salary,
    /// experience, posted, description), over what names and content suggest:
    /// `--role location=city`. `@ROLE` then names it in queries. Repeatable.
    #[arg(long = "role", value_name = "ROLE=FIELD", value_parser = parse_role)]
    pub roles: Vec<(crate::dataset::Role, String)>,
}

impl DataArgs {
    /// How the data is loaded, as these options say.
    pub fn load_options(&self) -> crate::dataset::LoadOptions {
        use crate::dataset::{ListHint, LoadOptions, ReadOptions};
        let lists = self
            .lists
            .iter()
            .map(|(field, sep)| (field.clone(), ListHint::List(sep.clone())))
            .chain(self.no_lists.iter().map(|f| (f.clone(), ListHint::NotList)))
            .collect();
        LoadOptions {
            max_bytes: self.max_data_size,
            read: ReadOptions {
                lists,
                csv_delimiter: self.csv_delimiter,
                roles: self.roles.clone(),
            },
        }
    }
}

/// `FIELD` or `FIELD=SEP`, for `--list`.
fn parse_list_hint(given: &str) -> Result<(String, Option<String>), String> {
    let (field, sep) = match given.rsplit_once('=') {
        Some((field, sep)) if !field.is_empty() => (field, Some(sep)),
        _ => (given, None),
    };
    if field.trim().is_empty() {
        return Err("give a field name, as in --list tags or --list 'tags=;'".to_owned());
    }
    if sep.is_some_and(str::is_empty) {
        return Err(format!(
            "the separator after {field:?}= is empty; give one, as in --list '{field}=;', \
             or none at all (--list {field:?}) to have it found"
        ));
    }
    Ok((field.to_owned(), sep.map(str::to_owned)))
}

/// `ROLE=FIELD`, for `--role`.
fn parse_role(given: &str) -> Result<(crate::dataset::Role, String), String> {
    use crate::dataset::Role;
    let roles = Role::ALL.map(Role::name).join(", ");
    let Some((role, field)) = given.split_once('=') else {
        return Err(format!(
            "give ROLE=FIELD, as in --role location=city; the roles are {roles}"
        ));
    };
    let role = Role::parse(role)
        .ok_or_else(|| format!("{role:?} is not a role; the roles are {roles}"))?;
    if field.is_empty() {
        return Err(format!("give the field after {}=", role.name()));
    }
    Ok((role, field.to_owned()))
}

/// One ASCII character or `tab`, for `--csv-delimiter`.
fn parse_delimiter(given: &str) -> Result<u8, String> {
    match given {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        one if one.len() == 1 && one.is_ascii() && one != "\"" && one != "\n" => {
            Ok(one.as_bytes()[0])
        }
        _ => Err(format!(
            "{given:?} is not a CSV separator; give one ASCII character such as , ; or |, or tab"
        )),
    }
}
