//! The shell's side: completion scripts for every shell `completions` names, which bash can
//! load, and the manual page from `man`.

use std::process::{Command, Stdio};

use crate::common::bin::{run, run_ok, stderr_of, stdout_of};

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
    let script = stdout_of(&run_ok(&["completions", "bash"]));
    let Ok(out) = Command::new("bash")
        .args(["-c", r#"eval "$1" && complete -p jobsctl"#, "bash", &script])
        .stdin(Stdio::null())
        .output()
    else {
        return; // No bash on this machine: the scripts were checked above.
    };
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("_jobsctl"), "{}", stdout_of(&out));
}

#[test]
fn the_manual_page_is_roff_naming_the_subcommands() {
    let page = stdout_of(&run_ok(&["man"]));
    assert!(page.contains(".TH jobsctl 1"), "{page}");
    for word in ["serve", "collect", "completions"] {
        assert!(page.contains(word), "no {word:?} in the page");
    }
}
