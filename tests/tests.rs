//! Integration tests, one binary: the API in-process (`api`, `serve`, `properties`), the real
//! `jobsctl` binary end to end (`server`, `collect`, `collect_faults`,
//! `collect_trust`, `workbook`), and the
//! examples and docs run as written (`examples`, `docs`).

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly, naming what they expected"
)]

mod abuse;
mod any_data;
mod api;
mod caching;
mod case_folding;
mod collect;
mod collect_faults;
mod collect_roles;
mod collect_trust;
mod common;
mod connections;
mod deploy;
mod docs;
mod examples;
mod explorer;
mod explorer_roles;
mod generator;
mod inputs;
mod lab_server;
mod limits;
mod many_fields;
mod newcomer;
mod pay;
mod precompressed;
mod printing;
mod properties;
mod query_language;
mod roles;
mod schemathesis;
mod search_ranking;
mod serve;
mod server;
mod shapes;
mod shell;
mod workbook;
mod xlsx_format;
