//! Command-line parsing and dispatch.
//!
//! Each subcommand lives in its own module with an `Args` type and a `run` function that
//! returns the confirmation to print. To add a subcommand (`analyze`, `chart`, ...): add a
//! module, a variant to [`Command`] and one arm in [`Command::run`].

mod analyze;
mod backup;
mod chart;
mod format;
mod log;
mod med;
mod transfer;
mod trial;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cramp_diary::{paths, Error, FieldError, Problems, Store};

/// Keep a diary of night-time leg cramps.
#[derive(Debug, Parser)]
#[command(name = "cramp-diary", version)]
pub struct Cli {
    /// Diary file to use (default: $CRAMP_DIARY_DB, else the app's own diary).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// Everything `cramp-diary` can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a whole diary from an interchange file (JSON).
    Import(transfer::ImportArgs),
    /// Write a doctor-visit PDF, CSV tables, a FHIR bundle, or the whole diary as JSON.
    Export(transfer::ExportArgs),
    /// Log a night, a cramp, a drink or a day.
    #[command(subcommand)]
    Log(log::LogCommand),
    /// Medication courses: add, stop, list.
    #[command(subcommand)]
    Med(med::MedCommand),
    /// Write a fifteen-month sample diary to a file, to try things with.
    Demo(transfer::DemoArgs),
    /// What the diary shows: rates, trend, links to documented causes, red flags.
    Analyze(analyze::AnalyzeArgs),
    /// Draw a trend chart to an SVG or PNG file.
    Chart(chart::ChartArgs),
    /// Copy the diary to a backup file (or list the backups).
    Backup(backup::BackupArgs),
    /// Bring back a backup; the current diary is backed up first, so this can be undone.
    Restore(backup::RestoreArgs),
    /// A self-experiment: does a remedy help you? (plan, show, done, result, stop)
    #[command(subcommand)]
    Trial(trial::TrialCommand),
    /// Print a shell completion script (bash, zsh or fish) for `cramp-diary`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), as the packages install it.
    #[command(hide = true)]
    Man,
}

/// `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

fn completions(a: CompletionsArgs) -> Result<String, Error> {
    use clap::CommandFactory;
    let shell = match a.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cramp-diary", &mut out);
    Ok(String::from_utf8(out).expect("completion scripts are UTF-8"))
}

fn man() -> Result<String, Error> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut out = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(&mut out)
        .and_then(|_| page.render_name_section(&mut out))
        .and_then(|_| page.render_synopsis_section(&mut out))
        .and_then(|_| page.render_description_section(&mut out))
        .and_then(|_| page.render_options_section(&mut out))
        .expect("writing to memory");
    // One section per subcommand, so the page documents every command.
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        render_command(&mut out, &[], sub);
    }
    out.extend_from_slice(MAN_TAIL.as_bytes());
    Ok(String::from_utf8(out).expect("the manual page is UTF-8"))
}

/// The sections after the commands: files, environment and privacy.
const MAN_TAIL: &str = r#".SH FILES
.TP
\fI~/.local/share/app.crampdiary.desktop/diary.db\fR
The diary (SQLite), readable only by its owner. The app and this command share it.
.TP
\fI~/.local/share/app.crampdiary.desktop/backups/\fR
Daily, manual and before-restore backups.
.SH ENVIRONMENT
.TP
\fBCRAMP_DIARY_DB\fR
The diary file to use when \fB\-\-db\fR is not given.
.TP
\fBCRAMP_DIARY_NOW\fR
A fixed moment taken as now (for demonstrations and support).
.SH PRIVACY
Cramp Diary never uses the network. Everything stays in the files above until you export it.
.SH NOTES
The analysis shows associations in your own diary, not a diagnosis. Never stop a prescribed
medicine because of it: talk to the prescriber.
"#;

fn render_command(out: &mut Vec<u8>, parents: &[&str], cmd: &clap::Command) {
    let mut path: Vec<&str> = parents.to_vec();
    path.push(cmd.get_name());
    let subs: Vec<&clap::Command> =
        cmd.get_subcommands().filter(|c| !c.is_hide_set() && c.get_name() != "help").collect();
    if subs.is_empty() {
        let usage = cmd.clone().bin_name(format!("cramp-diary {}", path.join(" "))).render_usage().to_string();
        let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        let usage = usage.trim_start_matches("Usage: ");
        out.extend_from_slice(format!(".TP\n\\fB{}\\fR\n{}\n", roff(usage), roff(&about)).as_bytes());
    }
    for sub in subs {
        render_command(out, &path, sub);
    }
}

fn roff(s: &str) -> String {
    s.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|l| if l.starts_with(['.', '\'']) { format!("\\&{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a command needs besides its own arguments.
#[derive(Debug)]
pub struct Context {
    db: Option<PathBuf>,
}

impl Context {
    /// The diary file: `--db`, else the default one.
    pub fn path(&self) -> Result<PathBuf, Error> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => paths::default_db_path(),
        }
    }

    /// Opens the diary, creating it if it does not exist yet (for commands that write).
    pub fn open(&self) -> Result<Store, Error> {
        Store::open(self.path()?)
    }

    /// Opens a diary that must already exist (for commands that only read), so a mistyped
    /// path is reported instead of quietly becoming a new, empty diary.
    pub fn open_existing(&self) -> Result<Store, Error> {
        Store::open(self.existing_path()?)
    }

    /// The diary file, which must exist.
    pub fn existing_path(&self) -> Result<PathBuf, Error> {
        let path = self.path()?;
        if !path.exists() {
            return Err(Error::NotFound(format!("there is no diary at {} yet", path.display())));
        }
        Ok(path)
    }
}

impl Command {
    /// Runs the command; returns the confirmation to print.
    pub fn run(self, ctx: &Context) -> Result<String, Error> {
        match self {
            Command::Import(a) => transfer::import(a, ctx),
            Command::Export(a) => transfer::export(a, ctx),
            Command::Log(c) => c.run(ctx),
            Command::Med(c) => c.run(ctx),
            Command::Demo(a) => transfer::demo(a),
            Command::Analyze(a) => analyze::run(a, ctx),
            Command::Chart(a) => chart::run(a, ctx),
            Command::Backup(a) => backup::backup(a, ctx),
            Command::Restore(a) => backup::restore(a, ctx),
            Command::Trial(c) => c.run(ctx),
            Command::Completions(a) => completions(a),
            Command::Man => man(),
        }
    }
}

/// Parses the command line, runs it and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = cramp_diary::clock::check_env() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let ctx = Context { db: cli.db };
    match cli.command.run(&ctx) {
        Ok(message) => {
            use std::io::Write;
            if message.is_empty() {
                return ExitCode::SUCCESS;
            }
            // A reader that stops early (`analyze --json | head`) is not an error.
            match writeln!(std::io::stdout().lock(), "{}", message.trim_end()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: could not write the output: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Renames the core's field paths (`episodes[2].intensity`) to the names the user typed
/// (`--intensity`), using `names` as `(core field, command-line name)` pairs.
pub fn named(err: Error, names: &[(&str, &str)]) -> Error {
    let Error::Invalid(problems) = err else { return err };
    let more = problems.more;
    let listed = problems
        .into_iter()
        .map(|f| {
            let last = f.field.rsplit('.').next().unwrap_or(&f.field);
            let key = last.split('[').next().unwrap_or(last);
            match names.iter().find(|(core, _)| *core == key) {
                Some((_, cli)) => FieldError { field: (*cli).to_string(), ..f },
                None => f,
            }
        })
        .collect();
    Error::Invalid(Problems { listed, more })
}
