//! Whether the headless browser tests can run here: Debian's chromium (or
//! `$CHROMIUM`) and playwright-core installed in `tests/browser`. `.ci/run`
//! installs both; under CI their absence is a failure, elsewhere the test
//! says why it is skipped.

use std::path::Path;

pub fn ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && Path::new("tests/browser/node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: .ci/run installs chromium and playwright-core"
        );
        eprintln!("skipped: needs {chromium} and `npm install` in tests/browser (as .ci/run does)");
    }
    ready
}
