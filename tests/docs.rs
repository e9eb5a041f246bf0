//! The docs' examples run: every `curl` example in docs/API.md is sent to a server over the
//! shipped jobs.json, and its answer must equal the output the doc shows.

use std::path::Path;

use crate::common::bin::Server;

/// (command, shown output) pairs: a ```sh block holding one `curl` line, followed by a
/// fenced block that is not another command.
fn examples(markdown: &str) -> Vec<(String, String)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((lang.trim().to_owned(), body.join("\n")));
        }
    }
    blocks
        .windows(2)
        .filter(|w| w[0].0 == "sh" && w[1].0 != "sh" && w[0].1.trim_start().starts_with("curl "))
        .map(|w| (w[0].1.trim().to_owned(), w[1].1.clone()))
        .collect()
}

/// The path and query of the example's URL, and the headers it sends.
fn request_of(command: &str) -> (String, Vec<(String, String)>) {
    let quoted: Vec<&str> = command.split('\'').skip(1).step_by(2).collect();
    let url = quoted
        .iter()
        .find(|q| q.starts_with("http://"))
        .unwrap_or_else(|| panic!("no quoted URL in {command}"));
    let path = url
        .splitn(4, '/')
        .nth(3)
        .map(|p| format!("/{p}"))
        .unwrap_or_default();
    let headers = quoted
        .iter()
        .filter_map(|q| q.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    (path, headers)
}

#[test]
fn api_doc_examples_show_real_output() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/API.md"))
        .expect("docs/API.md");
    let examples = examples(&doc);
    assert!(
        examples.len() >= 10,
        "only {} examples found",
        examples.len()
    );
    let server = Server::start(&["--quiet"]);
    for (command, shown) in examples {
        let (path, headers) = request_of(&command);
        let mut request = crate::common::http::agent().get(format!("{}{path}", server.base));
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        let response = crate::common::http::Response::from(request.call().expect("request"));
        let got = response.text();
        let shows_head = command.contains(" -i ");
        if shows_head {
            // Only the status line and the headers the doc lists are compared.
            let mut shown_lines = shown.lines();
            let status = shown_lines.next().unwrap_or_default();
            assert!(
                status.contains(&response.status.to_string()),
                "{command}: {status}"
            );
            for line in shown_lines.take_while(|l| !l.is_empty()) {
                let (name, value) = line.split_once(": ").expect("header line");
                if ["date", "content-length"].contains(&name.to_lowercase().as_str()) {
                    continue;
                }
                assert_eq!(response.header(name), Some(value), "{command}: {name}");
            }
            let body: String = shown.split("\n\n").skip(1).collect::<Vec<_>>().join("\n\n");
            assert_same(&command, &body, &got);
        } else {
            assert_same(&command, &shown, &got);
        }
    }
}

fn assert_same(command: &str, shown: &str, got: &str) {
    match (
        serde_json::from_str::<serde_json::Value>(shown),
        serde_json::from_str::<serde_json::Value>(got),
    ) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{command}"),
        _ => assert_eq!(shown.trim(), got.replace("\r\n", "\n").trim(), "{command}"),
    }
}
