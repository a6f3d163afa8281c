//! The `frontline` command-line tool: a thin front over the library.

fn main() {
    std::process::exit(frontline_cli::main());
}

#[path = "cli/mod.rs"]
mod frontline_cli;
