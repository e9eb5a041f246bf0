//! Field roles through the API: which field is the place, the skills, the title, found at
//! load and named `@role` wherever a field name goes, on the lab's data and on data whose
//! fields are named otherwise.

use crate::common::bin::{Server, jobsctl, run, stderr_of};
use crate::common::inproc::Api;
use crate::common::{arg, scratch, write_file};

/// `(role, role_from)` of each field of `/fields`, by name.
fn roles(api: &Api) -> Vec<(String, String, String)> {
    let fields = api.get("/fields").json();
    fields["fields"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|f| f.get("role").is_some())
                .map(|f| {
                    let text = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
                    (text("name"), text("role"), text("role_from"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_labs_fields_play_their_roles_and_at_role_names_them_everywhere() {
    let api = Api::bundled();
    let found = roles(&api);
    let by_name = |role: &str| {
        found
            .iter()
            .find(|(_, r, _)| r == role)
            .map(|(n, _, from)| (n.as_str(), from.as_str()))
    };
    assert_eq!(by_name("location"), Some(("Location", "name")));
    assert_eq!(by_name("skills"), Some(("Key Skills", "name")));
    assert_eq!(by_name("title"), Some(("Job Title", "name")));
    assert_eq!(
        by_name("experience"),
        Some(("Job Experience Required", "name"))
    );
    assert_eq!(by_name("id"), Some(("Id", "name")));
    assert_eq!(found.len(), 5, "{found:?}");

    let count = |query: &str| api.get(&format!("/data/count?{query}")).json()["count"].clone();
    let pairs = [
        ("@location:eq=Seattle", "Location:eq=Seattle"),
        (
            "@skills=Python&_match=token",
            "Key%20Skills=Python&_match=token",
        ),
        (
            "@experience:covers=3",
            "Job%20Experience%20Required:covers=3",
        ),
        (
            "_where=%7B%22@skills%22:%7B%22eq%22:%22SQL%22%7D%7D",
            "_where=%7B%22Key%20Skills%22:%7B%22eq%22:%22SQL%22%7D%7D",
        ),
    ];
    for (by_role, by_name) in pairs {
        let (a, b) = (count(by_role), count(by_name));
        assert_eq!(a, b, "{by_role} against {by_name}");
        assert!(a.as_u64().is_some_and(|n| n > 0), "{by_role}: {a}");
    }
    let rows = api
        .get("/data?Location=Austin&_fields=@id,@title&_sort=-@id&_limit=2")
        .json();
    let same = api
        .get("/data?Location=Austin&_fields=Id,Job%20Title&_sort=-Id&_limit=2")
        .json();
    assert_eq!(rows, same);
    let facets = api.get("/data/facets?_field=@skills&_limit=3").json();
    assert_eq!(facets["field"], "Key Skills");
    // A role no field plays, or no role at all, is a 400 that lists the roles here.
    let refused = api.get("/data/count?@salary:gte=1");
    assert_eq!(refused.status, 400);
    assert!(
        refused.error().contains("no field of this data plays salary; the roles here are @id, @title, @location, @skills, @experience"),
        "{}",
        refused.error()
    );
    let refused = api.get("/data?@pay=1");
    assert_eq!(refused.status, 400);
    assert!(
        refused.error().contains("unknown role \"@pay\""),
        "{}",
        refused.error()
    );
}

#[test]
fn roles_are_found_under_other_names_and_languages() {
    let records: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"intitulé": "Analyste {i}", "entreprise": "Acme", "ville": "{}",
                    "compétences": "SQL|Excel|R{}", "publié": "x"}}"#,
                ["Lyon", "Paris", "Lille"][i % 3],
                i % 4
            )
        })
        .collect();
    let api = Api::from_json(&format!("[{}]", records.join(",")));
    let found = roles(&api);
    for (field, role) in [
        ("intitulé", "title"),
        ("entreprise", "company"),
        ("ville", "location"),
        ("compétences", "skills"),
    ] {
        assert!(
            found.iter().any(|(n, r, _)| n == field && r == role),
            "{field} as {role}: {found:?}"
        );
    }
    assert_eq!(api.get("/data/count?@location=Lyon").json()["count"], 10);
    // A data set with no role still answers, and says so for @role.
    let api =
        Api::from_json(r#"[{"sensor": "t1", "reading": 3.5}, {"sensor": "t2", "reading": 1}]"#);
    assert!(roles(&api).is_empty());
    let refused = api.get("/data?@location=x");
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .error()
            .contains("no field of this data plays a role"),
        "{}",
        refused.error()
    );
}

#[test]
fn role_declares_a_field_and_a_field_that_is_not_there_is_a_usage_error() {
    let dir = scratch();
    let data = write_file(
        dir.path(),
        "jobs.json",
        r#"[{"where": "Austin", "Location": "HQ"}, {"where": "Boston", "Location": "HQ"}]"#,
    );
    let mut command = jobsctl();
    command.args(["serve", "--data", arg(&data), "--role", "location=where"]);
    let server = Server::spawn(command);
    let fields = server.get("/fields").json();
    assert_eq!(fields["fields"][0]["role"], "location");
    assert_eq!(fields["fields"][0]["role_from"], "option");
    assert_eq!(
        server.get("/data/count?@location=Austin").json()["count"],
        1
    );
    drop(server);
    let out = run(&[
        "serve",
        "--port",
        "0",
        "--data",
        arg(&data),
        "--role",
        "location=nowhere",
    ]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--role location names the field \"nowhere\", which the data does not have; its fields are \"where\", \"Location\""),
        "{stderr}"
    );
    let out = run(&["serve", "--port", "0", "--role", "pay=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("\"pay\" is not a role; the roles are id, title"));
}

#[test]
fn a_field_whose_name_starts_with_an_at_sign_is_that_field() {
    // JSON-LD postings (schema.org JobPosting) have `@type` and `@context`.
    let api = Api::from_json(
        r#"[{"@type": "JobPosting", "title": "Analyst", "jobLocation": "Austin"},
            {"@type": "Place", "title": "Engineer", "jobLocation": "Boston"}]"#,
    );
    let count = |q: &str| api.get(&format!("/data/count?{q}")).json()["count"].clone();
    assert_eq!(count("@type=JobPosting"), 1);
    assert_eq!(count("@type:eq=place"), 1);
    assert_eq!(count("@title:eq=analyst"), 1);
}
