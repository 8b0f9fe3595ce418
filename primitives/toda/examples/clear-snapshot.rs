//! Clears a SCALE-encoded snapshot read from the chain, outside the chain: an independent check of
//! what a round assigned. The end-to-end auction test reads `Toda::Snapshots(round)` from a node,
//! runs this, and compares every assigned lot and price with the chain's.
//!
//! Run: `cargo run -p toda --features scale --example clear-snapshot -- <0x-hex snapshot>
//! [mechanism]` (a `Mechanism` name, any case: `McAfee`, `Sbba`, `Muda`, `VickreyMuda`,
//! `Adaptive`; McAfee if none); prints one JSON line per trade: `{"class", "lot", "ask",
//! "lot_unit_price", "ask_unit_price", "lot_pays", "ask_gross", "fee", "ask_receives"}` (amounts
//! as decimal strings): the terms the chain must settle.

use codec::Decode;
use toda::{clear, Mechanism, Snapshot};

fn unhex(s: &str) -> Vec<u8> {
	let s = s.trim().trim_start_matches("0x");
	assert!(s.len().is_multiple_of(2), "hex of odd length");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digits"))
		.collect()
}

fn main() {
	let mut args = std::env::args().skip(1);
	let bytes = unhex(&args.next().expect("usage: clear-snapshot <0x-hex snapshot> [mechanism]"));
	let name = args.next().unwrap_or_else(|| "McAfee".into());
	let mechanism = Mechanism::ALL
		.into_iter()
		.find(|m| format!("{m:?}").eq_ignore_ascii_case(&name))
		.unwrap_or_else(|| panic!("unknown mechanism {name}; one of {:?}", Mechanism::ALL));
	let snapshot = Snapshot::decode(&mut &bytes[..]).expect("a SCALE-encoded toda::Snapshot");
	let clearing = clear(&snapshot, mechanism).expect("the snapshot clears");
	for class in &clearing.classes {
		for t in &class.trades {
			println!(
				"{{\"class\":{},\"lot\":{},\"ask\":{},\"lot_unit_price\":\"{}\",\"ask_unit_price\":\"{}\",\
				 \"lot_pays\":\"{}\",\"ask_gross\":\"{}\",\"fee\":\"{}\",\"ask_receives\":\"{}\"}}",
				class.class,
				t.lot,
				t.ask,
				t.lot_unit_price,
				t.ask_unit_price,
				t.lot_pays,
				t.ask_gross,
				t.fee,
				t.ask_receives
			);
		}
	}
}
