//! View functions, called through the `RuntimeViewFunction` runtime API.
//!
//! subxt 0.50.3's own `view_functions().call` sends the query id and the arguments unframed
//! and reads the answer as the bare return value, while the runtime API is
//! `execute_view_function(id: ViewFunctionId, input: Vec<u8>) -> Result<Vec<u8>,
//! ViewFunctionDispatchError>` (frame-support 49): the runtime traps decoding such a call. This
//! helper keeps subxt's typed payloads and checks, and frames the call as the runtime expects.

use crate::conn::Config;
use anyhow::{bail, Context, Result};
use codec::{Decode, Encode};
use scale_decode::DecodeAsType;
use subxt::view_functions::Payload;

/// Why the runtime refused a view function call (mirrors frame-support's
/// `ViewFunctionDispatchError`).
#[derive(Debug, Decode)]
#[allow(dead_code)] // Read through `Debug` in the error message.
enum DispatchError {
	NotImplemented,
	NotFound([u8; 32]),
	Codec,
}

/// Calls the view function `payload` at `at` and decodes its typed answer.
pub async fn view<P: Payload>(
	at: &subxt::OnlineClientAtBlock<Config>,
	payload: P,
) -> Result<P::ReturnType> {
	let (pallet, function) =
		(payload.pallet_name().to_string(), payload.function_name().to_string());
	let args = at.view_functions().encode_args(&payload)?;
	let (id, input) = args.split_at(32);
	let mut call = id.to_vec();
	input.to_vec().encode_to(&mut call);
	let raw = at
		.runtime_apis()
		.call_raw("RuntimeViewFunction_execute_view_function", Some(&call))
		.await
		.with_context(|| format!("view function {pallet}.{function}"))?;
	let answer: core::result::Result<Vec<u8>, DispatchError> =
		Decode::decode(&mut &raw[..]).context("the view function's answer does not decode")?;
	let bytes = match answer {
		Ok(b) => b,
		Err(e) => bail!("the runtime refused view function {pallet}.{function}: {e:?}"),
	};
	let metadata = at.metadata();
	let output = metadata
		.pallet_by_name(&pallet)
		.and_then(|p| p.view_function_by_name(&function))
		.with_context(|| format!("no view function {pallet}.{function} in the metadata"))?
		.output_ty();
	P::ReturnType::decode_as_type(&mut &bytes[..], output, metadata.types())
		.with_context(|| format!("cannot decode {pallet}.{function}'s answer"))
}

/// Reads one storage entry at `at`, decoded; `None` if it is absent.
pub async fn read<A>(
	at: &subxt::OnlineClientAtBlock<Config>,
	address: A,
	key: A::KeyParts,
) -> Result<Option<A::Value>>
where
	A: subxt::storage::Address,
	A::Value: DecodeAsType,
{
	let value = at.storage().try_fetch(address, key).await?;
	Ok(value.map(|v| v.decode()).transpose()?)
}

/// The proof systems' names and their codes in a class id (`class_id` in
/// `primitives/market/src/jobs.rs`: `system << 16 | latency_tier << 8 | stake_tier`).
pub const SYSTEM_CODES: [(&str, u32); 7] = [
	("groth16", 0),
	("attested", 1),
	("gnark", 2),
	("pico", 3),
	("sp1-v4", 4),
	("sp1-v6", 5),
	("risc0-v3", 6),
];

/// The code of the proof system named `name` (`groth16bn254` is `groth16`).
#[must_use]
pub fn system_code(name: &str) -> Option<u32> {
	let name = name.to_ascii_lowercase();
	let name = if name == "groth16bn254" { "groth16" } else { name.as_str() };
	SYSTEM_CODES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// A class id in words: its proof system, latency tier and stake tier.
#[must_use]
pub fn class_label(class: u32) -> String {
	let system = SYSTEM_CODES
		.iter()
		.find(|(_, c)| *c == class >> 16)
		.map_or_else(|| format!("system {}", class >> 16), |(n, _)| (*n).to_string());
	format!("{system}, latency tier {}, stake tier {}", (class >> 8) & 0xff, class & 0xff)
}

/// A lot's statement in words, by its class's proof system: Groth16's little-endian scalars,
/// plain gnark's big-endian ones, or a zkVM program's public values (RISC Zero: its journal) as
/// 32-byte words, and as text when they are printable.
#[must_use]
pub fn statement_lines(class: u32, statement: &[u8]) -> Vec<String> {
	let words = |label: &str| -> Vec<String> {
		let mut lines = vec![format!("{label} ({} bytes):", statement.len())];
		lines.extend(statement.chunks(32).map(|w| format!("  0x{}", hex::encode(w))));
		lines
	};
	match class >> 16 {
		0 => words("public inputs, little-endian scalars"),
		2 => words("public inputs, big-endian scalars"),
		1 => vec![format!("statement 0x{}", hex::encode(statement))],
		_ => {
			let mut lines = words("public values");
			if let Ok(text) = core::str::from_utf8(statement) {
				if !text.is_empty() && text.chars().all(|c| !c.is_control() || c == '\n') {
					lines.push(format!("  as text: {text:?}"));
				}
			}
			lines
		},
	}
}

#[cfg(test)]
mod statement_tests {
	use super::*;

	#[test]
	fn classes_and_statements_read_in_words() {
		assert_eq!(class_label(5 << 16 | 1 << 8 | 2), "sp1-v6, latency tier 1, stake tier 2");
		assert_eq!(class_label(9 << 16), "system 9, latency tier 0, stake tier 0");
		assert_eq!(system_code("Groth16Bn254"), Some(0));
		assert_eq!(system_code("risc0-v3"), Some(6));
		assert_eq!(system_code("plonk"), None);
		// A RISC Zero journal that is text, and SP1 public values of two words.
		let journal = statement_lines(6 << 16, b"hello");
		assert_eq!(
			journal,
			vec![
				"public values (5 bytes):".to_string(),
				"  0x68656c6c6f".to_string(),
				"  as text: \"hello\"".to_string(),
			]
		);
		let values = statement_lines(5 << 16, &[0u8; 64]);
		assert_eq!(values.len(), 3, "two words, not text");
		assert!(statement_lines(2 << 16, &[1u8; 32])[0].starts_with("public inputs, big-endian"));
	}
}
