//! The `vastc` binary: a thin wrapper around [`vastc::cli::main`].

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// mimalloc instead of the system allocator: the front end allocates many
/// small strings and vectors on two threads at once.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vastc::cli::main());
}
