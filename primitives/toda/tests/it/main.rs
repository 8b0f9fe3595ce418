//! The mechanism's integration tests, one binary: properties, the mutation checks that show the
//! properties catch broken rules, and the efficiency claims.

mod common;
mod efficiency;
mod mutation;
mod properties;
