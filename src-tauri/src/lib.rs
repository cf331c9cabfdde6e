//! Cramp Diary desktop shell.
pub fn run() {}
