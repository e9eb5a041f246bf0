//! The HTML page at `GET /api`: what the API offers, with example links that work against
//! the loaded data. (The explorer at `/` shows the data itself.)

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::dataset::{Dataset, LOCATION_FIELD};
use crate::filter::facet_of_all;

/// Renders the page for `dataset`.
pub fn render(dataset: &Dataset) -> String {
    let examples = examples(dataset);
    let mut links = String::new();
    for (href, what) in &examples {
        links.push_str(&format!(
            "<li><a href=\"{}\"><code>{}</code></a> — {}</li>\n",
            escape(href),
            escape(&decoded(href)),
            escape(what)
        ));
    }
    let mut fields = String::new();
    for f in dataset.fields() {
        let kind = match f.list_encoding() {
            Some(encoding) => match encoding.separator() {
                Some(sep) => format!(" (list, split on {sep:?})"),
                None => format!(" (list, a {})", encoding.name()),
            },
            None => String::new(),
        };
        fields.push_str(&format!(
            "<li><code>{}</code>{kind}</li>\n",
            escape(&f.name)
        ));
    }
    format!(
        "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jobsctl jobs API reference</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;\
line-height:1.5}}code{{background:#f3f3f3;padding:0 .2rem}}</style></head>
<body>
<h1>jobsctl jobs API</h1>
<p><a href=\"/\">Open the explorer</a> to look at the postings, their facets and charts in
the browser; every view there links to the API calls that give it.</p>
<p>{records} job postings. Every query parameter named after a field is a filter; all filters
must match. Options start with <code>_</code>.</p>
<h2>Try it</h2>
<ul>
{links}</ul>
<h2>Routes</h2>
<ul>
<li><code>GET /data?&lt;Field&gt;=&lt;value&gt;&amp;…</code> — matching records (JSON array;
<code>_format=ndjson|csv|xlsx</code>; <code>_limit</code>, <code>_offset</code>, <code>_fields</code>,
<code>_sort</code>). The <code>X-Total-Count</code> header gives the number of matches.</li>
<li><code>GET /data/count?…</code> — <code>{{\"count\": N}}</code></li>
<li><code>GET /data/facets?_field=&lt;Field&gt;&amp;…</code> — how many matching records have each
value (<code>_format=xlsx</code> for a workbook)</li>
<li><code>GET /data/all</code> — every record</li>
<li><code>GET /fields</code>, <code>GET /health</code>,
<a href=\"/openapi.json\"><code>GET /openapi.json</code></a></li>
</ul>
<h2>Match modes (<code>_match</code>)</h2>
<ul>
<li><code>regex</code> (default): the lab's semantics, a case-sensitive regular expression found
anywhere in the text. <code>C</code> matches every capital C; <code>Java</code> matches
JavaScript.</li>
<li><code>token</code>: whole items, case-insensitive. <code>C</code> is the skill C only.</li>
<li><code>substring</code>: case-insensitive literal text.</li>
</ul>
<h2>Operators, boolean queries and search</h2>
<ul>
<li><code>Field:op=value</code> with <code>eq</code>, <code>ne</code>, <code>in</code>,
<code>nin</code> (comma-separated; double-quote a value holding a comma), <code>contains</code>,
<code>regex</code>, <code>lt</code>, <code>lte</code>, <code>gt</code>, <code>gte</code> and
<code>covers</code>: <code>Job Experience Required:covers=3</code> finds postings open to 3 years
of experience; <code>Id:gte=100&amp;Id:lt=200</code> needs both.</li>
<li><code>_where</code> takes JSON: <code>{{\"or\":[{{\"Key Skills\":{{\"eq\":\"Go\"}}}},
{{\"Key Skills\":{{\"eq\":\"Rust\"}}}}],\"not\":{{\"Location\":{{\"eq\":\"Detroit\"}}}}}}</code>.</li>
<li><code>_search=python \"machine learning\"</code>: every word or quoted phrase appears in
some field.</li>
<li>Paging: <code>_limit</code>/<code>_offset</code>, or <code>_page</code>/<code>_per_page</code>;
<code>_sort=Location,-Id</code> sorts by several keys.</li>
</ul>
<h2>Fields</h2>
<ul>
{fields}</ul>
</body></html>
",
        records = dataset.len(),
    )
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
        .fields()
        .iter()
        .find(|f| f.is_list())
        .map(|f| f.name.clone());
    let place = dataset
        .fields()
        .iter()
        .find(|f| f.name == LOCATION_FIELD)
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

/// Escapes text for HTML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
