//! `vastc watch MODEL -o DIR`: builds, then rebuilds whenever the model or
//! a file it may include changes ([`crate::watch`]), printing each build's
//! diagnostics and summary. `vastc serve MODEL`: the same, into memory,
//! served as a live report on 127.0.0.1 ([`crate::serve`]) that reloads
//! within a second of a save and shows the diagnostics while the model has
//! errors. Both run until interrupted.

use super::build::{BuildArgs, build_one};
use crate::compile::{Options, compile};
use crate::diagnostic::{self, RenderOptions};
use crate::emit::{self, Format};
use crate::syntax::ast::Date;
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Quiet time after a change before rebuilding: a save of several files
/// rebuilds once.
const QUIET: Duration = Duration::from_millis(100);

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// The root model file.
    pub model: PathBuf,
    /// Output directory; the model goes to DIR/<file stem>/.
    #[arg(short, long, default_value = "build")]
    pub out: PathBuf,
    /// Comma-separated formats, as for `build` (default: all).
    #[arg(long, value_enum, value_delimiter = ',', hide_possible_values = true)]
    pub format: Vec<Format>,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<Date>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The root model file.
    pub model: PathBuf,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on. Only this machine can connect to the default;
    /// another address shows the model to the network it is on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<Date>,
}

fn watcher(model: &std::path::Path) -> Option<crate::watch::Watcher> {
    if model.is_dir() {
        eprintln!(
            "error: {} is a directory: give the root model file",
            super::shown(model)
        );
        return None;
    }
    match crate::watch::Watcher::new(model) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "error: cannot watch {}: {}",
                super::shown(model),
                diagnostic::terminal::escape(&e.to_string())
            );
            None
        }
    }
}

/// Runs `watch`; returns only when the watch ends (status 2).
pub fn run_watch(args: &WatchArgs) -> i32 {
    let Some(w) = watcher(&args.model) else {
        return super::EXIT_ERRORS;
    };
    let build = BuildArgs {
        files: vec![args.model.clone()],
        out: args.out.clone(),
        format: args.format.clone(),
        fail_on: None,
        today: args.today,
        timings: false,
    };
    loop {
        let today = args.today.unwrap_or_else(Date::today);
        let o = build_one(&args.model, &build, today, false);
        eprint!("{}", o.log);
        eprintln!(
            "watching {} and its includes; Ctrl-C stops",
            super::shown(&args.model)
        );
        if !w.wait(QUIET) {
            eprintln!("error: the watch on {} ended", super::shown(&args.model));
            return super::EXIT_ERRORS;
        }
    }
}

/// Runs `serve`; returns only when it cannot go on (status 2).
pub fn run_serve(args: &ServeArgs) -> i32 {
    let Some(w) = watcher(&args.model) else {
        return super::EXIT_ERRORS;
    };
    let mut bound = crate::serve::Server::bind(SocketAddr::new(args.bind, args.port));
    if bound.is_err() && args.port == 7878 {
        // The default port is taken: any free one will do.
        bound = crate::serve::Server::bind(SocketAddr::new(args.bind, 0));
    }
    let server = match bound {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.bind, args.port);
            return super::EXIT_ERRORS;
        }
    };
    let publisher = server.publisher();
    let addr = match server.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return super::EXIT_ERRORS;
        }
    };
    if let Err(e) = server.spawn() {
        eprintln!("error: {e}");
        return super::EXIT_ERRORS;
    }
    eprintln!(
        "serving {} on http://{addr}/ (Ctrl-C stops)",
        super::shown(&args.model)
    );
    loop {
        let today = args.today.unwrap_or_else(Date::today);
        let c = compile(&args.model, &Options::new(today));
        let text = |diags: &[diagnostic::Diag], color: bool| {
            diagnostic::render(diags, c.sources(), RenderOptions { color, width: 100 })
        };
        eprint!("{}", text(&c.resolved.diags, super::stderr_color()));
        if c.analysis.is_some() {
            publisher.outputs(emit::render(&c, &[Format::Html, Format::Svg]));
            eprintln!("built {}", super::shown(&args.model));
        } else {
            publisher.errors(text(&c.resolved.diags, false));
            eprintln!(
                "{} has errors; the page shows them",
                super::shown(&args.model)
            );
        }
        drop(c);
        if !w.wait(QUIET) {
            eprintln!("error: the watch on {} ended", super::shown(&args.model));
            return super::EXIT_ERRORS;
        }
    }
}
