//! The market world's stories and the truthfulness of what the chain pays, one binary.

mod stories;
mod truthful;
