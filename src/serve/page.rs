//! The HTML page at `GET /api`: what the API offers, with example links that work against
//! the loaded data, rendered by the template `templates/api.html`. (The explorer at `/`
//! shows the data itself.)

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use askama::Template;

use crate::dataset::{Dataset, Role};
use crate::filter::facet_of_all;

/// The page's data, rendered by the compile-time checked template `api.html` (which
/// escapes every value).
#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage {
    records: usize,
    /// A `_where` on the data's own fields.
    where_example: String,
    /// The place's field.
    place: String,
    links: Vec<Link>,
    fields: Vec<FieldLine>,
}

/// An example link: where it goes, the URL as a person reads it, and what it gives.
struct Link {
    href: String,
    shown: String,
    what: String,
}

/// A field, and how its lists are read.
struct FieldLine {
    name: String,
    kind: String,
}

/// Renders the page for `dataset`.
pub fn render(dataset: &Dataset) -> String {
    let links = examples(dataset)
        .into_iter()
        .map(|(href, what)| Link {
            shown: decoded(&href),
            href,
            what,
        })
        .collect();
    let fields = dataset
        .fields()
        .iter()
        .map(|f| FieldLine {
            name: f.name.clone(),
            kind: match f.list_encoding() {
                Some(encoding) => match encoding.separator() {
                    Some(sep) => format!(" (list, split on {sep:?})"),
                    None => format!(" (list, a {})", encoding.name()),
                },
                None => String::new(),
            },
        })
        .collect();
    let examples = super::openapi::Examples::of(dataset);
    let page = ApiPage {
        records: dataset.len(),
        where_example: examples.where_json,
        place: examples.place,
        links,
        fields,
    };
    // Rendering a checked template only fails if writing to a String does.
    page.render().unwrap_or_default()
}

/// Example links built from values that exist in the data.
pub fn examples(dataset: &Dataset) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "/data/count".to_owned(),
            "how many records there are".to_owned(),
        ),
        (
            "/data?_limit=5".to_owned(),
            "the first five records".to_owned(),
        ),
    ];
    let top = |name: &str| {
        let field = dataset.field_index(name)?;
        facet_of_all(dataset, field, Some(1)).pop().map(|v| v.value)
    };
    let list = dataset
        .role_field(Role::Skills)
        .or_else(|| dataset.fields().iter().find(|f| f.is_list()))
        .map(|f| f.name.clone());
    let place = dataset
        .role_field(Role::Location)
        .or_else(|| {
            dataset
                .fields()
                .iter()
                .find(|f| !f.is_list() && f.name != "Id")
        })
        .map(|f| f.name.clone());
    if let Some((place, value)) = place.and_then(|p| top(&p).map(|v| (p, v))) {
        out.push((
            format!("/data/count?{}={}&_match=token", enc(&place), enc(&value)),
            format!("records whose {place} is {value}"),
        ));
        out.push((
            format!(
                "/data?{}={}&_limit=10&_format=csv",
                enc(&place),
                enc(&value)
            ),
            "the first ten of them, as CSV".to_owned(),
        ));
    }
    if let Some(list) = &list {
        out.push((
            format!("/data/facets?_field={}&_limit=10", enc(list)),
            format!("the ten most common {list}"),
        ));
        if let Some(value) = top(list) {
            out.push((
                format!("/data/count?{}={}&_match=token", enc(list), enc(&value)),
                format!("records listing {value}"),
            ));
        }
    }
    out
}

fn enc(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn decoded(href: &str) -> String {
    percent_encoding::percent_decode_str(href)
        .decode_utf8_lossy()
        .into_owned()
}
