//! `bench/flask_lab.py`, a Flask server with the lab's semantics, started for a test on a
//! free port it reports through a port file, and killed on drop.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::tools::{PYTHON_MODULES, require_python};
use super::{root, scratch, wait_until};

/// A running `bench/flask_lab.py`.
pub struct FlaskLab {
    child: Child,
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    _dir: tempfile::TempDir,
}

impl FlaskLab {
    /// Serves `data`, or returns `None` where python3 with Flask is missing on a developer's
    /// machine (in CI a missing Flask fails the test).
    pub fn start(data: &Path) -> Option<FlaskLab> {
        if !require_python(&["flask"], PYTHON_MODULES) {
            return None;
        }
        let dir = scratch();
        let port_file = dir.path().join("port");
        let mut child = Command::new("python3")
            .arg(root().join("bench/flask_lab.py"))
            .arg(data)
            .arg("0")
            .arg(&port_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 bench/flask_lab.py");
        let started = wait_until(Duration::from_secs(30), || {
            port_file.exists() || child.try_wait().ok().flatten().is_some()
        });
        let port = std::fs::read_to_string(&port_file).unwrap_or_default();
        let port = port.trim();
        if !started || port.is_empty() {
            let _ = child.kill();
            panic!("bench/flask_lab.py did not start");
        }
        Some(FlaskLab {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        })
    }
}

impl Drop for FlaskLab {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
