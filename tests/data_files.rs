//! Data files: any array of flat records loads; bad files get a one-line error that names
//! the path, and a non-zero exit, never a panic.

use crate::common::{Server, assert_bad_data_file, run, scratch, write_file};

#[test]
fn any_flat_records_load_and_keep_their_values() {
    let dir = scratch();
    let path = write_file(
        dir.path(),
        "other.json",
        r#"[{"Id": 1, "Name": "a \"quoted\" \\ value", "Score": 2.5, "Ok": true, "Gone": null},
           {"Name": "b", "Id": 2}]"#,
    );
    let server = Server::start(&["--data", path.to_str().expect("utf-8 path")]);
    let all = server.get("/data/all").json();
    assert_eq!(all[0]["Name"], "a \"quoted\" \\ value");
    assert_eq!(all[0]["Score"], 2.5);
    assert_eq!(all[0]["Ok"], true);
    assert!(all[0]["Gone"].is_null());
    assert_eq!(
        server.get("/data/count?Score=2.5&_match=token").json()["count"],
        1
    );
    assert_eq!(server.get("/data/count?Id=2").json()["count"], 1);
    assert_eq!(server.get("/data/count?Ok=true").json()["count"], 1);
}

#[test]
fn empty_array_is_served() {
    let dir = scratch();
    let path = write_file(dir.path(), "empty.json", "[]");
    let server = Server::start(&["--data", path.to_str().expect("utf-8 path")]);
    assert_eq!(server.get("/data/all").json(), serde_json::json!([]));
    assert_eq!(server.get("/data/count").json()["count"], 0);
}

#[test]
fn bad_files_fail_with_one_line_naming_the_path() {
    let dir = scratch();
    let cases = [
        ("syntax.json", "[{\"Id\": 1,}]", "line 1 column"),
        ("object.json", "{\"Id\": 1}", "array"),
        ("scalar.json", "[{\"Id\": 1}, 5]", "record 1"),
        (
            "nested.json",
            "[{\"Id\": 1, \"Tags\": [\"a\"]}]",
            "key \"Tags\"",
        ),
        (
            "truncated.json",
            "[{\"Id\": 1},\n{\"Id\": 2, \"Loc",
            "truncated",
        ),
        ("zero.json", "", "empty"),
    ];
    for (name, text, message) in cases {
        assert_bad_data_file(&write_file(dir.path(), name, text), message);
    }
    let missing = dir.path().join("missing.json");
    let out = run(&["collect", "--data", missing.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("missing.json") && stderr.contains("No such file"),
        "{stderr}"
    );
    let out = run(&["serve", "--data", dir.path().to_str().expect("utf-8")]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
}
