//! The shell's side: completion scripts for every shell `completions` names, which bash can
//! load, the manual page from `man`, and the bars collect draws on a terminal.

use std::process::{Command, Stdio};

use crate::common::bin::{run, run_ok, stderr_of, stdout_of};
use crate::common::tools::{BASH, require_tool};

#[test]
fn every_shell_gets_a_script_that_completes_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&run_ok(&["completions", shell]));
        for word in ["serve", "collect", "matrix", "completions", "man"] {
            assert!(script.contains(word), "{shell}: no {word:?} in the script");
        }
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("possible values"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn bash_loads_the_script_and_registers_the_command() {
    if !require_tool("bash", BASH) {
        return;
    }
    let script = stdout_of(&run_ok(&["completions", "bash"]));
    let out = Command::new("bash")
        .args(["-c", r#"eval "$1" && complete -p jobsctl"#, "bash", &script])
        .stdin(Stdio::null())
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("_jobsctl"), "{}", stdout_of(&out));
}

#[test]
fn the_manual_page_is_roff_naming_the_subcommands_each_with_its_own_page() {
    let page = stdout_of(&run_ok(&["man"]));
    assert!(page.contains(".TH jobsctl 1"), "{page}");
    for word in ["serve", "collect", "completions"] {
        assert!(page.contains(word), "no {word:?} in the page");
    }
    // The page of each command, named as the top-level page refers to it, with its options.
    for (command, option) in [
        ("serve", "max\\-workbook\\-cells"),
        ("collect", "no\\-workbook"),
        ("completions", "elvish"),
    ] {
        let page = stdout_of(&run_ok(&["man", command]));
        let title = format!(".TH jobsctl-{command} 1");
        assert!(page.contains(&title), "no {title:?} in {page}");
        assert!(page.contains(option), "no {option:?} in the {command} page");
    }
    let out = run(&["man", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("serve"), "{}", stderr_of(&out));
}

/// `collect --no-workbook` over the fixture with `extra`: its stdout.
fn table(extra: &[&str]) -> String {
    let dir = crate::common::scratch();
    let data = crate::common::write_file(dir.path(), "jobs.json", crate::common::FIXTURE);
    let mut args = vec![
        "collect",
        "--no-workbook",
        "--locations",
        "Seattle,Austin",
        "--skills",
        "JavaScript,Python",
        "--data",
        crate::common::arg(&data),
    ];
    args.extend_from_slice(extra);
    stdout_of(&run_ok(&args))
}

#[test]
fn bars_show_on_a_terminal_and_when_asked_never_in_a_pipe() {
    let plain = table(&[]);
    assert_eq!(
        plain,
        "Location  Number of Jobs\nSeattle                2\nAustin                 2\n\n\
         Technology  Number of Jobs\nJavaScript               4\nPython                   2\n"
    );
    assert_eq!(table(&["--bars", "never"]), plain);
    let with_bars = table(&["--bars", "always"]);
    let full = "█".repeat(30);
    assert!(
        with_bars.contains(&format!("JavaScript               4  {full}\n")),
        "{with_bars}"
    );
    assert!(with_bars.contains(&format!("Python                   2  {}\n", "█".repeat(15))));
    // On a terminal (a pseudo-terminal from util-linux's `script`), auto draws them.
    let install = "apt-get install -y --no-install-recommends util-linux";
    if !crate::common::tools::require_tool("script", install) {
        return;
    }
    let dir = crate::common::scratch();
    let data = crate::common::write_file(dir.path(), "jobs.json", crate::common::FIXTURE);
    let command = format!(
        "{} collect --no-workbook --quiet --locations Seattle --skills Python --data {}",
        env!("CARGO_BIN_EXE_jobsctl"),
        crate::common::arg(&data)
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains(&full), "{}", stdout_of(&out));
}
