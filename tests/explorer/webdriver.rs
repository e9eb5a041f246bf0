//! Just enough of the W3C WebDriver protocol, spoken over HTTP with ureq, to drive Debian's
//! headless Chromium through chromedriver: open a page, find and click elements, type, go
//! back, run a script, and read the browser's console log.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What to install when the browser is missing.
pub const INSTALL: &str = "apt-get install -y chromium chromium-driver";

/// The WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where Debian puts the browser and its driver, if both are there.
pub fn browser_paths() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        names
            .iter()
            .map(Path::new)
            .find(|p| p.exists())
            .map(Path::to_path_buf)
    };
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])?;
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])?;
    Some((chromium, driver))
}

/// A headless Chromium session, through a chromedriver child killed on drop.
pub struct Browser {
    driver: Child,
    session: String,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless Chromium session.
    pub fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut browser = Browser {
            driver,
            session: String::new(),
            base: format!("http://127.0.0.1:{port}"),
            _profile: profile,
        };
        let started = Instant::now();
        while browser.call("GET", "/status", None).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = browser._profile.path().display().to_string();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1280,1000",
            &format!("--user-data-dir={profile}"),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" }
        } } });
        let answer = browser
            .call("POST", "/session", Some(capabilities))
            .expect("a browser session");
        browser.session = answer["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser
    }

    /// Sends one WebDriver command; its `value`, or the error it answered.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        let url = format!("{}{path}", self.base);
        let response = match (method, body) {
            ("GET", _) => agent.get(&url).call(),
            ("DELETE", _) => agent.delete(&url).call(),
            (_, body) => agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = response.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        let answer: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
        if status == 200 {
            Ok(answer["value"].clone())
        } else {
            Err(format!("{method} {path}: {status} {answer}"))
        }
    }

    /// Sends a command of this session, which must succeed.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Opens `url` and waits for it to load.
    pub fn open(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// The address of the page shown.
    pub fn url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Goes back one page in history, and waits until that page has loaded.
    pub fn back(&self) {
        let before = self.url();
        self.command("POST", "/back", None);
        self.wait_for_new_page(&before);
    }

    /// Waits until the page shown is no longer `before` and has loaded: a click can return
    /// before the navigation it starts has committed.
    fn wait_for_new_page(&self, before: &str) {
        let started = Instant::now();
        loop {
            let ready = self.run("return document.readyState;", json!([]));
            if self.url() != before && ready == "complete" {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no new page after 20 s; still at {before}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element matched by the XPath `xpath`; fails when none is.
    pub fn find(&self, xpath: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "xpath", "value": xpath })),
        );
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    /// Clicks the link or button matched by `xpath` as a user would, and waits until the
    /// page it leads to has loaded.
    pub fn click(&self, xpath: &str) {
        let before = self.url();
        let element = self.find(xpath);
        self.command("POST", &format!("/element/{element}/click"), None);
        self.wait_for_new_page(&before);
    }

    /// Types `text` into the element matched by `xpath`.
    pub fn type_into(&self, xpath: &str, text: &str) {
        let element = self.find(xpath);
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Resizes the window to `width` × `height` CSS pixels (a phone is 390 wide), and
    /// checks that the page's viewport is that wide.
    pub fn resize(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
        let inner = self.run("return window.innerWidth;", json!([]));
        assert_eq!(inner.as_u64(), Some(u64::from(width)), "viewport width");
    }

    /// The console messages logged since the last call, as (level, message).
    pub fn console(&self) -> Vec<(String, String)> {
        let entries = self.command("POST", "/se/log", Some(json!({ "type": "browser" })));
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
                        (text("level"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = self.call("DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
