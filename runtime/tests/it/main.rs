//! The runtime's integration tests, one binary (each test file used to be its own binary, linked
//! against the whole runtime; one link instead of three is part of keeping the cold test run
//! inside CI's budget, see the README's build-time table).

mod common;
mod governance;
mod holds_up;
mod metadata;
mod runtime;
