//! The manual pages: jobsctl(1) and a page per command, rendered by clap_mangen from the
//! same clap definitions as `--help`, with synopses that show each option's value.

use clap::CommandFactory;

use super::Cli;

/// Writes a manual page, in roff, to `out`: jobsctl(1), or jobsctl-`command`(1), the page
/// the top-level one names for each command.
pub fn write_man(command: Option<&str>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let top = Cli::command();
    let page = MAN_PAGES
        .iter()
        .find(|(name, _)| Some(*name) == command)
        .and_then(|&(name, page)| {
            let sub = top.find_subcommand(name)?.clone();
            // Named as the top-level page refers to it; its synopsis shows how it is typed.
            Some(sub.name(page).bin_name(format!("jobsctl {name}")))
        });
    clap_mangen::Man::new(with_synopsis(page.unwrap_or(top))).render(out)
}

/// `command` with a synopsis that shows each option's value (`[--data <FILE>]`), which
/// clap_mangen's own leaves out (`[--data]`).
fn with_synopsis(mut command: clap::Command) -> clap::Command {
    command.build();
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let mut line = vec![name];
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let value = arg.get_value_names().map_or_else(
            || arg.get_id().as_str().to_uppercase(),
            |names| names.join(" "),
        );
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => format!("-{short}|--{long}"),
            (None, Some(long)) => format!("--{long}"),
            (Some(short), None) => format!("-{short}"),
            (None, None) => {
                line.push(format!("<{value}>"));
                continue;
            }
        };
        if arg.get_action().takes_values() {
            line.push(format!("[{flag} <{value}>]"));
        } else {
            line.push(format!("[{flag}]"));
        }
    }
    if command.has_subcommands() {
        line.push("<COMMAND>".to_owned());
    }
    command.override_usage(line.join(" "))
}

/// Each command that has a manual page of its own, and that page's name.
pub(super) const MAN_PAGES: [(&str, &str); 3] = [
    ("serve", "jobsctl-serve"),
    ("collect", "jobsctl-collect"),
    ("completions", "jobsctl-completions"),
];
