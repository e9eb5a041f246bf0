//! Integration tests, one binary: the API in-process (`api`, `serve`, `properties`), the real
//! `jobsctl` binary end to end (`server`, `collect`, `collect_faults`, `workbook`), and the
//! examples and docs run as written (`examples`, `docs`).

mod api;
mod collect;
mod collect_faults;
mod common;
mod docs;
mod examples;
mod properties;
mod serve;
mod server;
mod workbook;
