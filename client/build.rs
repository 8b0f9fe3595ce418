//! The client's types are generated from `metadata.scale` by a proc macro that cargo cannot see
//! read it: rebuild the crate whenever the file changes, so the types never go stale.

fn main() {
	println!("cargo:rerun-if-changed=metadata.scale");
}
