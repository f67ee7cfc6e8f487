//! `vastc lsp`: a language server over standard input and output.
//!
//! Built on `lsp-server`'s message types and `lsp-types`' protocol types
//! (synchronous, no async runtime); the framing is this module's own
//! ([`transport`]) so that a malformed message is answered with an error
//! instead of ending the session. What it offers, one module each:
//!
//! | module | what |
//! |---|---|
//! | [`server`] | the loop, the lifecycle, which project each open document is checked in |
//! | [`documents`] | open documents and the overlay of their unsaved texts |
//! | [`workspace`] | the include graph of the workspace, to find the root model of an included file |
//! | [`project`] | one root model resolved with the overlay, its index and analysis |
//! | [`index`] | every ID declared and referenced, every setting name |
//! | [`diagnostics`] | `check`'s diagnostics as the protocol's |
//! | [`navigation`] | definition, references, rename |
//! | [`hover`] | elements with their threats, rules explained, settings documented |
//! | [`completion`], [`context`] | keywords, settings, values and IDs that fit where the cursor is |
//! | [`symbols`], [`format`] | the outline, `fmt` |
//! | [`position`], [`uri`] | byte offsets and UTF-16 positions, paths and `file:` URIs |

pub mod completion;
pub mod context;
pub mod diagnostics;
pub mod documents;
pub mod features;
pub mod format;
pub mod hover;
pub mod index;
pub mod navigation;
pub mod position;
pub mod project;
pub mod server;
pub mod symbols;
pub mod transport;
pub mod uri;
pub mod workspace;

use server::{Event, Server};
use std::io::{BufReader, Read, Write};

/// Serves the client on standard input and output until it says `exit`
/// (or closes its end); returns the exit status.
pub fn run() -> i32 {
    serve(std::io::stdin(), std::io::stdout())
}

/// Serves a client reading from `input` and writing to `output`.
pub fn serve(input: impl Read + Send + 'static, output: impl Write) -> i32 {
    let (tx, rx) = std::sync::mpsc::channel();
    let reader_tx = tx.clone();
    let reader = std::thread::Builder::new()
        .name("vastc-lsp-reader".into())
        .spawn(move || {
            let mut input = BufReader::new(input);
            loop {
                match transport::read(&mut input) {
                    Ok(Some(incoming)) => {
                        let exit = matches!(
                            &incoming,
                            transport::Incoming::Message(lsp_server::Message::Notification(n))
                                if n.method == "exit"
                        );
                        if reader_tx.send(Event::Incoming(incoming)).is_err() || exit {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        server::log(&format!("cannot read from the client: {e}"));
                        break;
                    }
                }
            }
            let _ = reader_tx.send(Event::Closed);
        });
    if let Err(e) = reader {
        server::log(&format!("cannot start: {e}"));
        return 1;
    }
    let mut server = Server::new(output, tx);
    server.run(&rx)
}
