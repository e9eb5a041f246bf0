//! Integration tests: the real `jobsctl` binary, over real HTTP, and workbooks read back
//! from disk.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly, naming what they expected"
)]

mod api;
mod collect;
mod collect_faults;
mod common;
mod data_files;
mod docs;
mod examples;
mod explorer;
mod lab_server;
mod properties;
mod query_language;
mod reliability;
mod serve;
mod workbook;
mod xlsx_format;
