//! BREV amounts: 18 decimals. Parsing accepts what a person types (`1.5`, `1.5 BREV`, `250m`
//! for milli-BREV, `0.000001`) and printing shows whole decimals without trailing zeros.

use anyhow::{bail, Context, Result};

/// Decimals of BREV.
pub const DECIMALS: u32 = 18;
/// One BREV in planck (the smallest unit).
pub const BREV: u128 = 10u128.pow(DECIMALS);

/// Parses an amount of BREV: a decimal number with at most 18 fractional digits, optionally
/// followed by `BREV`, or an integer followed by `planck`.
pub fn parse(input: &str) -> Result<u128> {
	let s = input.trim().replace(['_', ','], "");
	let lower = s.to_ascii_lowercase();
	if let Some(planck) = lower.strip_suffix("planck") {
		return planck.trim().parse::<u128>().with_context(|| format!("bad amount `{input}`"));
	}
	let number = lower.strip_suffix("brev").unwrap_or(&lower).trim();
	if number.is_empty() || number.starts_with('-') {
		bail!("bad amount `{input}`: expected a non-negative number of BREV, e.g. `12.5`");
	}
	let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
	if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
		bail!("bad amount `{input}`: expected a number of BREV, e.g. `12.5`");
	}
	if frac.len() > DECIMALS as usize {
		bail!("bad amount `{input}`: BREV has {DECIMALS} decimals");
	}
	let whole: u128 =
		if whole.is_empty() { 0 } else { whole.parse().context("amount too large")? };
	let frac_value: u128 = if frac.is_empty() {
		0
	} else {
		frac.parse::<u128>()? * 10u128.pow(DECIMALS - frac.len() as u32)
	};
	whole
		.checked_mul(BREV)
		.and_then(|w| w.checked_add(frac_value))
		.with_context(|| format!("amount `{input}` is too large"))
}

/// Formats planck as BREV with every significant decimal, e.g. `1.05 BREV`.
pub fn format(planck: u128) -> String {
	let whole = planck / BREV;
	let frac = planck % BREV;
	if frac == 0 {
		return format!("{} BREV", group(whole));
	}
	let frac = format!("{frac:018}");
	format!("{}.{} BREV", group(whole), frac.trim_end_matches('0'))
}

fn group(n: u128) -> String {
	let s = n.to_string();
	let mut out = String::new();
	for (i, c) in s.chars().enumerate() {
		if i > 0 && (s.len() - i).is_multiple_of(3) {
			out.push(',');
		}
		out.push(c);
	}
	out
}

/// Parses a percentage (`5%`, `0.5%`, `5`) into parts per billion (`Perbill`).
pub fn parse_percent(input: &str) -> Result<u32> {
	let s = input.trim().trim_end_matches('%').trim();
	let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
	if whole.is_empty() && frac.is_empty()
		|| !whole.chars().all(|c| c.is_ascii_digit())
		|| !frac.chars().all(|c| c.is_ascii_digit())
		|| frac.len() > 7
	{
		bail!("bad percentage `{input}`: expected e.g. `5%` or `0.25%`");
	}
	let whole: u64 = if whole.is_empty() { 0 } else { whole.parse()? };
	let frac: u64 =
		if frac.is_empty() { 0 } else { frac.parse::<u64>()? * 10u64.pow(7 - frac.len() as u32) };
	let ppb = whole.checked_mul(10_000_000).and_then(|w| w.checked_add(frac));
	match ppb {
		Some(v) if v <= 1_000_000_000 => Ok(v as u32),
		_ => bail!("bad percentage `{input}`: at most 100%"),
	}
}

/// Formats parts per billion as a percentage.
pub fn format_percent(ppb: u32) -> String {
	let whole = ppb / 10_000_000;
	let frac = ppb % 10_000_000;
	if frac == 0 {
		format!("{whole}%")
	} else {
		format!("{whole}.{}%", format!("{frac:07}").trim_end_matches('0'))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_what_people_type() {
		assert_eq!(parse("1").unwrap(), BREV);
		assert_eq!(parse("1.5 BREV").unwrap(), 3 * BREV / 2);
		assert_eq!(parse("0.000000000000000001").unwrap(), 1);
		assert_eq!(parse(".25").unwrap(), BREV / 4);
		assert_eq!(parse("1_000").unwrap(), 1_000 * BREV);
		assert_eq!(parse("42 planck").unwrap(), 42);
		for bad in ["", "-1", "1.2.3", "abc", "0.0000000000000000001", "1e5"] {
			assert!(parse(bad).is_err(), "{bad}");
		}
		assert!(parse("999999999999999999999999").is_err(), "overflow");
	}

	#[test]
	fn formats_without_trailing_zeros() {
		assert_eq!(format(0), "0 BREV");
		assert_eq!(format(1_234_567 * BREV), "1,234,567 BREV");
		assert_eq!(format(BREV / 20), "0.05 BREV");
		assert_eq!(format(1), "0.000000000000000001 BREV");
		for v in [1, BREV, BREV / 3, 7 * BREV + 11] {
			assert_eq!(parse(&format(v)).unwrap(), v);
		}
	}

	#[test]
	fn percentages() {
		assert_eq!(parse_percent("5%").unwrap(), 50_000_000);
		assert_eq!(parse_percent("0.5").unwrap(), 5_000_000);
		assert_eq!(parse_percent("100%").unwrap(), 1_000_000_000);
		assert!(parse_percent("101%").is_err());
		assert!(parse_percent("x").is_err());
		assert_eq!(format_percent(50_000_000), "5%");
		assert_eq!(format_percent(2_500_000), "0.25%");
	}
}
