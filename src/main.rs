//! The `vastc` binary: a thin wrapper around [`vastc::cli::main`].

fn main() {
    std::process::exit(vastc::cli::main());
}
