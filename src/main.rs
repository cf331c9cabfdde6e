//! `cramp-diary`: the command-line side of Cramp Diary. Every rule lives in the core
//! library; this binary only reads arguments, calls the core and says what happened.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
