//! The explorer page, as people see it: in Debian's headless Chromium driven over WebDriver
//! (facet clicks, sorting, paging, the back button, search, downloads, the console and the
//! network), and over plain HTTP as a browser with JavaScript off sees it. The server is the
//! real binary, started with `--port 0 --port-file`.

mod webdriver;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::bin::jobsctl;
use crate::common::http::request;
use crate::common::{scratch, write_file};
use webdriver::{Browser, INSTALL, browser_paths};

/// How many postings the fixture holds.
const RECORDS: usize = 80;

/// One posting of the fixture, made from its number: three cities, list skills with case
/// variants and `C++`, and text that must be escaped.
fn posting(i: usize) -> Value {
    let location = ["Seattle", "Seattle", "Austin", "Boston", "Seattle"][i % 5];
    let mut skills = vec![if i.is_multiple_of(2) {
        "Python| SQL"
    } else {
        "Go|sql"
    }];
    if i.is_multiple_of(3) {
        skills.push("C++");
    }
    let title = if i == 7 {
        "<script>alert(1)</script> & \"Co\"".to_owned()
    } else {
        format!("Engineer {i}")
    };
    let experience = ["1 - 3 yrs", "2 - 5 yrs", "5 - 10 yrs"][i % 3];
    let role = ["Dev", "Ops"][i % 2];
    let industry = ["IT", "Finance", "Retail", "IT"][i % 4];
    json!({
        "Id": 1000 + i,
        "Job Title": title,
        "Job Experience Required": experience,
        "Key Skills": skills.join("|"),
        "Role Category": role,
        "Location": location,
        "Industry": industry,
    })
}

/// The ids of the fixture's postings where `keep` holds, in data order.
fn ids_where(keep: impl Fn(&Value) -> bool) -> Vec<i64> {
    (0..RECORDS)
        .map(posting)
        .filter(|p| keep(p))
        .filter_map(|p| p["Id"].as_i64())
        .collect()
}

/// `jobsctl serve` over the fixture, started as the brief says: `--port 0` and a port file
/// written once it listens. Killed on drop.
struct Served {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Served {
    fn start() -> Served {
        let dir = scratch();
        let records: Vec<Value> = (0..RECORDS).map(posting).collect();
        let data = write_file(dir.path(), "jobs.json", &Value::from(records).to_string());
        let port_file = dir.path().join("port");
        let mut child = jobsctl()
            .args(["serve", "--port", "0", "--quiet", "--port-file"])
            .arg(&port_file)
            .arg("--data")
            .arg(&data)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start jobsctl serve");
        let port = wait_for_port(&port_file).unwrap_or_else(|| {
            let _ = child.kill();
            panic!("jobsctl serve wrote no port file in 30 s")
        });
        Served {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_port(path: &Path) -> Option<u16> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Some(port) = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| text.trim().parse().ok())
        {
            return Some(port);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// The browser, or `None` on a developer's machine without it (a notice is printed). In
/// CI (`CI` set) a missing browser fails the test, naming the install command.
fn browser() -> Option<Browser> {
    match browser_paths() {
        Some((chromium, driver)) => Some(Browser::start(&chromium, &driver)),
        None if std::env::var_os("CI").is_some() => {
            panic!("chromium and chromedriver are needed for the explorer tests: {INSTALL}")
        }
        None => {
            eprintln!(
                "notice: explorer browser test not run: chromium or chromedriver missing ({INSTALL})"
            );
            None
        }
    }
}

fn total(browser: &Browser) -> i64 {
    browser
        .run(
            "return Number(document.getElementById('total').dataset.total);",
            json!([]),
        )
        .as_i64()
        .expect("the total")
}

/// The texts of the table's column called `name`, top to bottom.
fn column(browser: &Browser, name: &str) -> Vec<String> {
    let texts = browser.run(
        "const heads = [...document.querySelectorAll('#postings thead th')];
         const i = heads.findIndex(th => th.querySelector('a').firstChild.textContent === arguments[0]);
         if (i < 0) return null;
         return [...document.querySelectorAll('#postings tbody tr')]
           .map(tr => tr.children[i].textContent.trim());",
        json!([name]),
    );
    serde_json::from_value(texts).unwrap_or_else(|_| panic!("no column {name}"))
}

fn ids_shown(browser: &Browser) -> Vec<i64> {
    column(browser, "Id")
        .iter()
        .map(|id| id.replace(',', "").parse().expect("an id"))
        .collect()
}

/// The `href` (absolute) of the first element matched by the CSS `selector`.
fn href(browser: &Browser, selector: &str) -> String {
    browser
        .run(
            "return document.querySelector(arguments[0]).href;",
            json!([selector]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no link {selector}"))
        .to_owned()
}

#[test]
fn a_person_explores_in_a_real_browser() {
    let served = Served::start();
    let Some(browser) = browser() else { return };
    let base = &served.base;
    let seattle = ids_where(|p| p["Location"] == "Seattle");

    // The default view: every posting counted, the first page of 25 shown. (First, the
    // console log is shown to reach the test, so that an empty one later means something.)
    browser.open(&format!("{base}/"));
    browser.run("console.error('sentinel');", json!([]));
    let logged = browser.console();
    assert!(
        logged
            .iter()
            .any(|(level, m)| level == "SEVERE" && m.contains("sentinel")),
        "{logged:?}"
    );
    assert_eq!(total(&browser), RECORDS as i64);
    assert_eq!(ids_shown(&browser), ids_where(|_| true)[..25]);
    let title = &column(&browser, "Job Title")[7];
    assert_eq!(
        title, "<script>alert(1)</script> & \"Co\"",
        "data is shown as text"
    );

    // A facet click filters: the URL, the total and the table change.
    browser.click("//a[@data-facet='Location'][span[@class='v']='Seattle']");
    assert!(
        browser.url().contains("Location:eq=Seattle"),
        "{}",
        browser.url()
    );
    assert_eq!(total(&browser), seattle.len() as i64);
    assert!(column(&browser, "Location").iter().all(|l| l == "Seattle"));
    assert_eq!(ids_shown(&browser), seattle[..25]);

    // A header click sorts; a second click reverses.
    browser.click("//table[@id='postings']//th/a[text()='Id']");
    assert!(browser.url().ends_with("_sort=Id"), "{}", browser.url());
    browser.click("//table[@id='postings']//th/a[text()='Id']");
    assert!(browser.url().ends_with("_sort=-Id"), "{}", browser.url());
    let mut descending = seattle.clone();
    descending.reverse();
    assert_eq!(ids_shown(&browser), descending[..25]);

    // Paging, then the back button restores the page before.
    browser.click("//a[@rel='next']");
    assert!(browser.url().contains("_page=2"), "{}", browser.url());
    assert_eq!(ids_shown(&browser), descending[25..]);
    browser.back();
    assert!(browser.url().ends_with("_sort=-Id"), "{}", browser.url());
    assert_eq!(ids_shown(&browser), descending[..25]);
    assert_eq!(total(&browser), seattle.len() as i64);

    // The downloads give exactly what is on screen, as the API answers it.
    let json_link = href(&browser, "dl.downloads a[data-format=json]");
    let downloaded = request(&json_link, "GET").json();
    let api = request(
        &format!(
            "{base}/data?Location:eq=Seattle&_sort=-Id&_page=1&_per_page=25\
             &_fields=Id,Job%20Title,Location,Job%20Experience%20Required,Key%20Skills,Industry"
        ),
        "GET",
    )
    .json();
    assert_eq!(downloaded, api);
    let downloaded_ids: Vec<i64> = downloaded
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| r["Id"].as_i64())
        .collect();
    assert_eq!(downloaded_ids, ids_shown(&browser));
    let csv = request(&href(&browser, "dl.downloads a[data-format=csv]"), "GET").text();
    assert_eq!(csv.lines().count(), 26, "a header and the 25 rows shown");

    // Searching goes through the form and lands on a plain, shareable URL.
    browser.type_into("//input[@id='search']", "C++");
    browser.click("//form[@role='search']//button[text()='Search']");
    let url = browser.url();
    assert!(
        url.contains("_search=C%2B%2B") && !url.contains("_filter_"),
        "{url}"
    );
    let with_cpp = ids_where(|p| {
        p["Location"] == "Seattle" && p["Key Skills"].as_str().is_some_and(|s| s.contains("C++"))
    });
    assert_eq!(total(&browser), with_cpp.len() as i64);

    // Nothing went wrong on the way, and nothing came from another host.
    let errors: Vec<_> = browser
        .console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let loaded = browser.run(
        "return performance.getEntriesByType('resource').map(e => e.name)
           .concat(performance.getEntriesByType('navigation').map(e => e.name));",
        json!([]),
    );
    let loaded: Vec<String> = serde_json::from_value(loaded).expect("names");
    assert!(loaded.len() >= 3, "{loaded:?}");
    assert!(
        loaded.iter().all(|u| u.starts_with(base.as_str())),
        "{loaded:?}"
    );

    // A URL with mistakes still shows the page, the mistakes beside the search box.
    browser.open(&format!(
        "{base}/?Locaton=Seattle&Id:zz=1&Location:eq=Austin"
    ));
    let problems = browser
        .run(
            "return document.getElementById('problems').textContent;",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(problems.contains("did you mean \"Location\""), "{problems}");
    assert_eq!(
        total(&browser),
        ids_where(|p| p["Location"] == "Austin").len() as i64
    );
    assert!(!ids_shown(&browser).is_empty());
}

#[test]
fn without_javascript_the_page_has_the_table_facets_and_links() {
    let served = Served::start();
    let page = request(&format!("{}/?Key%20Skills:eq=python", served.base), "GET");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-security-policy")
            .is_some_and(|csp| csp.starts_with("default-src 'self'"))
    );
    let html = page.text();
    let python = ids_where(|p| {
        p["Key Skills"]
            .as_str()
            .is_some_and(|s| s.contains("Python"))
    });
    assert!(html.contains(&format!("data-total=\"{}\"", python.len())));
    let body = html.split("<tbody>").nth(1).expect("a table body");
    let body = body.split("</tbody>").next().expect("its end");
    assert_eq!(body.matches("<tr>").count(), 25);
    // Skills are counted per skill: "SQL" and "sql" are one value.
    assert!(html.contains("<span class=\"v\">SQL</span><span class=\"n\">40</span>"));
    assert!(html.contains("href=\"/api\""));
    // No script or style is inline (the policy would refuse it), and nothing is loaded
    // from another host.
    assert!(!html.contains("<script>") && !html.contains("style="));
    for link in html
        .split(" src=\"")
        .skip(1)
        .chain(html.split(" href=\"").skip(1))
    {
        // This server's paths, or a place on this page (`#filters`).
        assert!(
            link.starts_with('/') || link.starts_with('#'),
            "{}",
            &link[..link.len().min(60)]
        );
    }
    // Every link on the page answers; a place on the page is there.
    for link in html
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if let Some(id) = link.strip_prefix('#') {
            assert!(html.contains(&format!("id=\"{id}\"")), "{link}");
            continue;
        }
        let link = link.replace("&amp;", "&");
        let status = request(&format!("{}{link}", served.base), "GET").status;
        assert_eq!(status, 200, "{link}");
    }
}

#[test]
fn any_url_shows_the_page_never_a_blank_or_a_500() {
    let served = Served::start();
    for query in [
        "Locaton=Seattle",
        "Location:nope=1",
        "_where=%7B%22or%22",
        "_sort=Nope&_page=0",
        "_page=2&_limit=3",
        "Location=%ZZ",
        "_format=csv",
    ] {
        let page = request(&format!("{}/?{query}", served.base), "GET");
        assert_eq!(page.status, 400, "{query}");
        let html = page.text();
        assert!(html.contains("id=\"problems\""), "{query}");
        assert!(html.contains("<table id=\"postings\">"), "{query}");
        assert!(html.contains("data-facet=\"Location\""), "{query}");
    }
    // Too many rows for one page is not an error in the URL: the page says so and shows 500.
    let page = request(&format!("{}/?_per_page=100000", served.base), "GET");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("at most 500 rows"));
}

/// The page on a phone (390 CSS pixels wide): the count and the rows come first, the
/// filters one tap away; the table shows that it scrolls sideways and keeps a range such
/// as `1 - 3 yrs` on one line; the collect line breaks only between its arguments; and an
/// empty result says that nothing matches, with the closest value as a link. At 1280
/// pixels, the match-mode box leaves no gap under "Filter a field".
#[test]
fn a_person_explores_on_a_phone() {
    let served = Served::start();
    let Some(browser) = browser() else { return };
    let base = &served.base;
    browser.resize(390, 844);
    browser.open(&format!("{base}/?Location=Seattle"));
    let layout = browser.run(
        "const top = s => document.querySelector(s).getBoundingClientRect().top;
         const shown = s => { const e = document.querySelector(s);
           return e !== null && e.offsetParent !== null; };
         const scroll = document.querySelector('#postings').closest('.table-scroll');
         const range = document.createRange();
         const cells = [...document.querySelectorAll('#postings tbody td.short')];
         const broken = cells.filter(td => { range.selectNodeContents(td);
           return range.getClientRects().length > 1; }).map(td => td.textContent);
         const args = [...document.querySelectorAll('#collect-line .arg')];
         const line = document.querySelector('#collect-line').getBoundingClientRect();
         const splitArgs = args.filter(a => a.getClientRects().length > 1
             && a.getBoundingClientRect().width < line.width).map(a => a.textContent);
         const lines = new Set(args.map(a => Math.round(a.getBoundingClientRect().top))).size;
         return {
           total: top('#total'), firstRow: top('#postings tbody tr'),
           filters: top('#filters'), facets: top('.facets'), charts: top('.charts'),
           screen: window.innerHeight,
           pageWidth: document.documentElement.scrollWidth,
           toFilters: shown('a.to-filters') ? document.querySelector('a.to-filters').getAttribute('href') : null,
           hint: shown('.scroll-hint'),
           scrolls: scroll.scrollWidth > scroll.clientWidth,
           shortCells: cells.length, broken, splitArgs, lines,
           experience: cells.map(td => td.textContent).filter(t => t.endsWith('yrs')).length,
         };",
        json!([]),
    );
    let at = |key: &str| {
        layout[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {layout}"))
    };
    assert!(
        at("total") < at("firstRow"),
        "the count before the rows: {layout}"
    );
    assert!(
        at("firstRow") < at("screen"),
        "a row on the first screen: {layout}"
    );
    for after in ["filters", "facets", "charts"] {
        assert!(
            at("firstRow") < at(after),
            "the rows before {after}: {layout}"
        );
    }
    assert_eq!(
        layout["toFilters"], "#filters",
        "filters one tap away: {layout}"
    );
    assert!(
        at("pageWidth") <= 390.0,
        "the page itself does not scroll sideways: {layout}"
    );
    assert_eq!(layout["scrolls"], true, "{layout}");
    assert_eq!(
        layout["hint"], true,
        "a cue that the table scrolls: {layout}"
    );
    assert!(at("experience") > 0.0, "ranges are short cells: {layout}");
    assert_eq!(layout["broken"], json!([]), "short values kept on one line");
    assert!(
        at("lines") > 1.0,
        "the collect line wraps at 390 px: {layout}"
    );
    assert_eq!(layout["splitArgs"], json!([]), "arguments never broken");

    // One tap on the Filters link reaches the search and the filters.
    let filters = browser.run(
        "document.querySelector('a.to-filters').click();
         return document.querySelector('#filters').getBoundingClientRect().top;",
        json!([]),
    );
    assert!(
        filters.as_f64().is_some_and(|t| t.abs() < 40.0),
        "{filters}"
    );

    // Nothing matches: said in words, with the closest value, and no empty charts.
    browser.open(&format!("{base}/?Location=Seatle"));
    let empty = browser.run(
        "const n = document.querySelector('#nothing');
         const a = document.querySelector('#nothing a.suggestion');
         return { text: n && n.textContent.replace(/\\s+/g, ' ').trim(),
                  suggestion: a && a.textContent, href: a && a.getAttribute('href'),
                  charts: document.querySelectorAll('.chart').length,
                  pager: document.querySelector('.pager .where').textContent };",
        json!([]),
    );
    let text = empty["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("No posting matches these filters."),
        "{empty}"
    );
    assert!(
        text.contains("No posting has Location “Seatle”: did you mean Seattle?"),
        "{empty}"
    );
    assert_eq!(empty["suggestion"], "Seattle");
    assert_eq!(empty["charts"], 0, "no empty chart boxes: {empty}");
    assert_eq!(empty["pager"], "No rows");
    browser.click("//div[@id='nothing']//a[@class='suggestion']");
    assert_eq!(
        total(&browser),
        ids_where(|p| p["Location"] == "Seattle").len() as i64
    );
    browser.open(&format!("{base}/?Location=Atlantis"));
    let far = browser.run(
        "return document.querySelector('#nothing').textContent;",
        json!([]),
    );
    assert!(
        far.as_str()
            .is_some_and(|t| t.contains("no value of Location is close to it")),
        "{far}"
    );

    // On a wide screen the match modes sit under the field filter, leaving no gap.
    browser.resize(1280, 1000);
    browser.open(&format!("{base}/"));
    let gap = browser.run(
        "const f = document.querySelector('.field-filter').getBoundingClientRect();
         const m = document.querySelector('.modes').getBoundingClientRect();
         return { gap: m.top - f.bottom, modes: m.height, filter: f.height };",
        json!([]),
    );
    let gap_px = gap["gap"].as_f64().unwrap_or(f64::MAX);
    assert!((0.0..16.0).contains(&gap_px), "{gap}");
    assert!(gap["modes"].as_f64().is_some_and(|h| h < 80.0), "{gap}");
}

/// Long descriptions show their first words, with the rest a click away: no row is taller
/// than about 300 px at 1280 px wide, on a job board's postings whose descriptions run to
/// hundreds of words.
#[test]
fn long_text_folds_away_and_rows_stay_short() {
    let postings = crate::generator::generated(&[
        "--shape",
        "api-json",
        "--records",
        "40",
        "--seed",
        "5",
        "--descriptions",
    ]);
    let postings = String::from_utf8(postings).expect("UTF-8");
    let (_dir, server) = crate::common::bin::Server::over(&postings, &["--quiet"]);
    let Some(browser) = browser() else { return };
    browser.resize(1280, 900);
    browser.open(&format!(
        "{}/?_fields=title,description,location.display_name",
        server.base
    ));
    let layout = browser.run(
        "const rows = [...document.querySelectorAll('#postings tbody tr')];
         const folded = document.querySelectorAll('#postings td.long details').length;
         const tallest = Math.max(...rows.map(r => r.getBoundingClientRect().height));
         const first = document.querySelector('#postings td.long details');
         const before = first ? first.getBoundingClientRect().height : 0;
         if (first) { first.open = true; }
         const after = first ? first.getBoundingClientRect().height : 0;
         return { rows: rows.length, folded, tallest, before, after };",
        json!([]),
    );
    let at = |key: &str| {
        layout[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {layout}"))
    };
    assert!(at("rows") >= 25.0, "{layout}");
    assert_eq!(
        at("folded"),
        at("rows"),
        "every description folds: {layout}"
    );
    assert!(
        at("tallest") <= 300.0,
        "a row is {} px tall: {layout}",
        at("tallest")
    );
    assert!(
        at("after") > at("before"),
        "opening shows the rest: {layout}"
    );
}

#[test]
fn a_person_filters_by_pay_and_sees_its_spread_in_a_real_browser() {
    let postings = crate::generator::shape("pay-strings", 400);
    let (_dir, server) = crate::common::bin::Server::over(&postings, &["--quiet"]);
    let count = |query: &str| -> i64 {
        let answer = server.get(&format!("/data/count?{query}"));
        serde_json::from_slice::<Value>(&answer.body).expect("JSON")["count"]
            .as_i64()
            .expect("a count")
    };
    let Some(browser) = browser() else { return };
    browser.resize(1280, 900);
    browser.open(&format!("{}/?currency=USD", server.base));
    let shown = |id: &str| {
        browser
            .run(
                "const e = document.getElementById(arguments[0]);
                 return e ? e.closest('figure').getBoundingClientRect().height : 0;",
                json!([id]),
            )
            .as_f64()
            .unwrap_or(0.0)
    };
    assert!(shown("chart-pay") > 50.0, "the pay spread is drawn");
    assert!(
        shown("chart-experience") > 50.0,
        "the experience spread is drawn"
    );
    browser.type_into("//input[@id='pay-at-least']", "100000");
    browser.click("//form[contains(@class,'pay-filter')]//button");
    let url = browser.url();
    assert!(url.contains("%40salary%3Agte=100000"), "{url}");
    assert!(
        url.contains("currency=USD"),
        "the other filters stay: {url}"
    );
    assert_eq!(total(&browser), count("currency=USD&@salary:gte=100000"));
    assert!(total(&browser) > 0);
    // The filter shows as a chip that removes it.
    let chip = browser.run(
        "return [...document.querySelectorAll('.chip span')].map(s => s.textContent).join(' | ');",
        json!([]),
    );
    assert!(
        chip.as_str().is_some_and(|c| c.contains("@salary")),
        "{chip}"
    );
}
