//! `jobsctl collect`: counts over real HTTP, stdout for scripts, the workbook read back.

use crate::common::bin::{Server, assert_success, jobsctl, run, run_ok, stderr_of, stdout_of};
use crate::common::tools::{LIBREOFFICE, PYTHON_MODULES, require_python, require_tool};
use crate::common::xlsx::{custom_properties, part, read, sheet, sheet_names, sheet_rows};
use crate::common::{
    FIXTURE, LAB_LOCATIONS as LOCATIONS, LAB_SKILLS as SKILLS, arg, bundled_records, lab_count,
    sample_json, sample_records, scratch, token_count, token_match, write_file,
};

#[test]
fn defaults_write_the_labs_workbook_with_true_counts_and_it_opens_elsewhere() {
    let dir = scratch();
    let output = dir.path().join("job-postings.xlsx");
    let out = run_ok(&["collect", "--output", arg(&output), "--format", "json"]);
    assert!(stderr_of(&out).contains("wrote"));
    let data = bundled_records();

    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(printed["match"], "token");
    let names = sheet_names(&read(&output));
    assert_eq!(names[..2], ["jobs locations", "langages jobs"]);
    assert!(!names.iter().any(|n| n == "Sheet1"));

    let locations = sheet_rows(&output, "jobs locations", "Location");
    assert_eq!(locations.len(), LOCATIONS.len());
    for ((name, count), (want, printed)) in locations.iter().zip(
        LOCATIONS
            .iter()
            .zip(printed["locations"].as_array().expect("locations")),
    ) {
        assert_eq!(name, want);
        let expected = token_count(data, "Location", want);
        assert_eq!(*count as u64, expected, "{want}");
        assert_eq!(printed["name"], *want);
        assert_eq!(printed["count"], expected);
    }
    let skills = sheet_rows(&output, "langages jobs", "Technology");
    assert_eq!(skills.len(), SKILLS.len());
    for ((name, count), want) in skills.iter().zip(SKILLS) {
        assert_eq!(name, want);
        assert_eq!(
            *count as u64,
            token_count(data, "Key Skills", want),
            "{want}"
        );
    }

    // The same workbook opens in openpyxl and in LibreOffice.
    let seattle = token_count(data, "Location", "Seattle");

    if require_python(&["openpyxl"], PYTHON_MODULES) {
        let script = "import sys, openpyxl\n\
            wb = openpyxl.load_workbook(sys.argv[1])\n\
            print(wb.sheetnames)\n\
            for name, count in wb['jobs locations'].iter_rows(min_row=2, values_only=True):\n\
            \x20   print(f'{name}={count!r}')\n";
        let read = std::process::Command::new("python3")
            .args(["-c", script, arg(&output)])
            .output()
            .expect("python3");
        assert_success(&read, "openpyxl");
        let text = stdout_of(&read);
        assert!(
            text.starts_with("['jobs locations', 'langages jobs']"),
            "{text}"
        );
        assert!(text.contains(&format!("Seattle={seattle}\n")), "{text}");
    }

    if !require_tool("soffice", LIBREOFFICE) {
        return;
    }
    let profile = dir.path().join("lo-profile");
    let converted = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(dir.path())
        .arg(&output)
        .output()
        .expect("soffice");
    assert_success(&converted, "soffice --convert-to csv");
    let csv = std::fs::read_to_string(dir.path().join("job-postings.csv")).expect("converted csv");
    assert!(csv.starts_with("Location,Number of Jobs"), "{csv}");
    assert!(csv.contains(&format!("Seattle,{seattle}")), "{csv}");
}

#[test]
fn regex_mode_against_a_running_server_reproduces_the_lab() {
    // A sample of the bundled data: realistic, and it starts faster.
    let (_data, server) = Server::over(sample_json(), &[]);
    let dir = scratch();
    let output = dir.path().join("lab.xlsx");
    let out = run_ok(&[
        "collect",
        "--url",
        &server.base,
        "--match",
        "regex",
        "--output",
        arg(&output),
        "--format",
        "csv",
    ]);
    let data = sample_records();
    let stdout = stdout_of(&out);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("kind,name,count"));
    for skill in SKILLS {
        let expected = lab_count(data, "Key Skills", skill);
        let row = format!("skill,{skill},{expected}");
        assert!(
            stdout.lines().any(|l| l == row),
            "missing {row:?} in {stdout}"
        );
    }
    let skills = sheet_rows(&output, "langages jobs", "Technology");
    assert_eq!(skills[0].1 as u64, lab_count(data, "Key Skills", "C"));
    // The properties name the server, and the record count it gave.
    let custom = custom_properties(&output);
    assert!(custom.contains(&server.base), "{custom}");
    assert!(custom.contains(&format!(">{}<", data.len())), "{custom}");
}

#[test]
fn unreachable_server_is_a_clear_error_and_writes_nothing() {
    let dir = scratch();
    let output = dir.path().join("out.xlsx");
    let out = run(&[
        "collect",
        "--url",
        "http://127.0.0.1:9",
        "--output",
        arg(&output),
        "--timeout",
        "5",
        // Nothing listens there: trying again would only wait out the back-off.
        "--retries",
        "0",
    ]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("http://127.0.0.1:9/data/count"), "{stderr}");
    assert!(stderr.contains("jobsctl serve"), "{stderr}");
    assert!(!output.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn output_paths_that_cannot_be_written_are_refused() {
    let dir = scratch();
    let out = run(&["collect", "--output", arg(dir.path())]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("is a directory"), "{stderr}");
    let missing = dir.path().join("no/such/dir/out.xlsx");
    let out = run(&["collect", "--output", arg(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("out.xlsx"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["collect", "--match", "fuzzy"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["serve", "--port", "notaport"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["collect", "--url", "localhost:5000", "--no-workbook"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("no http:// or https://"));
}

#[test]
fn matrix_charts_and_properties_read_back_from_the_file() {
    let dir = scratch();
    let output = dir.path().join("matrix.xlsx");
    let out = run_ok(&[
        "collect",
        "--matrix",
        "--output",
        arg(&output),
        "--format",
        "json",
    ]);
    let data = bundled_records();

    // The cross-tab, against counts computed independently from the same data.
    let book = read(&output);
    assert_eq!(
        sheet_names(&book),
        ["jobs locations", "langages jobs", "skills by location"]
    );
    let ws = sheet(&book, "skills by location");
    for (col, location) in LOCATIONS.iter().enumerate() {
        assert_eq!(ws.value((col as u32 + 2, 1)), *location);
    }
    for (row, skill) in SKILLS.iter().enumerate() {
        let row = row as u32 + 2;
        assert_eq!(ws.value((1, row)), *skill);
        let with_skill: Vec<_> = data
            .iter()
            .filter(|r| token_match(r, "Key Skills", skill))
            .collect();
        for (col, location) in LOCATIONS.iter().enumerate() {
            let expected = with_skill
                .iter()
                .filter(|r| token_match(r, "Location", location))
                .count();
            let got: f64 = ws.value((col as u32 + 2, row)).parse().expect("number");
            assert_eq!(got as usize, expected, "{skill} in {location}");
        }
    }
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        printed["matrix"]["skills"].as_array().map(Vec::len),
        Some(12)
    );

    // A bar chart on each of the first two sheets, labelled from the name cells.
    let charts: Vec<String> = (1..=2)
        .filter_map(|n| part(&output, &format!("xl/charts/chart{n}.xml")))
        .collect();
    assert_eq!(charts.len(), 2);
    assert!(charts.iter().all(|c| c.contains("<c:barChart>")));
    let all = charts.join("\n");
    assert!(
        all.contains("<c:cat><c:strRef><c:f>'jobs locations'!$A$2:$A$8</c:f>"),
        "{all}"
    );
    assert!(all.contains("<c:cat><c:strRef><c:f>'langages jobs'!$A$2:$A$13</c:f>"));
    assert!(all.contains("<c:val><c:numRef><c:f>'jobs locations'!$B$2:$B$8</c:f>"));
    assert!(all.contains("Job postings by location"));

    // Frozen header rows and autofilters, and the run recorded in the properties.
    let sheet1 = part(&output, "xl/worksheets/sheet1.xml").expect("sheet1");
    assert!(sheet1.contains("state=\"frozen\"") && sheet1.contains("<autoFilter ref=\"A1:B8\""));
    let custom = custom_properties(&output);
    assert!(custom.contains("bundled synthetic jobs.json") && custom.contains("token"));
    assert!(custom.contains(&data.len().to_string()));
}

#[test]
fn a_closed_stdout_still_writes_the_workbook() {
    let dir = scratch();
    let output = dir.path().join("piped.xlsx");
    // Any data will do (the small fixture loads fastest): what matters is stdout.
    let data = write_file(dir.path(), "jobs.json", FIXTURE);
    let mut child = jobsctl()
        .args(["collect", "--data", arg(&data), "--format", "csv"])
        .args(["--output", arg(&output)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader goes away before anything is printed, like `| head` that has seen enough.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_success(&out, "collect with stdout closed");
    assert_eq!(sheet_rows(&output, "jobs locations", "Location").len(), 7);
}
