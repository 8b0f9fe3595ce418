//! Seeded, report-independent ordering: SipHash-1-3 (the variant Rust's hash maps use) keyed by
//! the round seed.
//!
//! Ties between equal prices, the MUDA halving and every lottery are decided by
//! `tiebreak(seed, domain, class, id)`. The seed only exists after the reveal window closes, so no
//! trader can choose an id that wins a tie; the hash never looks at prices, so the order cannot be
//! moved by misreporting.

/// What a hash is used for; each domain gives an independent order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Domain {
	/// Tie-break and lottery order of lots.
	Lot = 0,
	/// Tie-break and lottery order of asks.
	Ask = 1,
	/// MUDA's random halving.
	Half = 2,
}

#[inline]
fn sip_round(v: &mut [u64; 4]) {
	v[0] = v[0].wrapping_add(v[1]);
	v[1] = v[1].rotate_left(13);
	v[1] ^= v[0];
	v[0] = v[0].rotate_left(32);
	v[2] = v[2].wrapping_add(v[3]);
	v[3] = v[3].rotate_left(16);
	v[3] ^= v[2];
	v[0] = v[0].wrapping_add(v[3]);
	v[3] = v[3].rotate_left(21);
	v[3] ^= v[0];
	v[2] = v[2].wrapping_add(v[1]);
	v[1] = v[1].rotate_left(17);
	v[1] ^= v[2];
	v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 of two 64-bit words under a 128-bit key (the message is exactly 16 bytes): one
/// compression round per block, three finalisation rounds. A keyed PRF is all the ordering needs;
/// 1-3 costs 40 % less than 2-4, and hashing is a third of `clear`.
fn siphash13(k0: u64, k1: u64, m0: u64, m1: u64) -> u64 {
	let mut v = [
		k0 ^ 0x736f_6d65_7073_6575,
		k1 ^ 0x646f_7261_6e64_6f6d,
		k0 ^ 0x6c79_6765_6e65_7261,
		k1 ^ 0x7465_6462_7974_6573,
	];
	for m in [m0, m1, 16u64 << 56] {
		v[3] ^= m;
		sip_round(&mut v);
		v[0] ^= m;
	}
	v[2] ^= 0xff;
	for _ in 0..3 {
		sip_round(&mut v);
	}
	v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// A keyed hasher for one round: derived once from the 32-byte seed.
#[derive(Clone, Copy, Debug)]
pub struct Tiebreak {
	k0: u64,
	k1: u64,
}

impl Tiebreak {
	/// Keys the hasher with the round seed: all 32 bytes are compressed into the 128-bit key with
	/// SipHash itself (first half as key, second half as message).
	#[must_use]
	pub fn new(seed: &[u8; 32]) -> Self {
		let word = |i: usize| {
			let mut b = [0u8; 8];
			b.copy_from_slice(&seed[i * 8..i * 8 + 8]);
			u64::from_le_bytes(b)
		};
		let (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3));
		Self { k0: siphash13(w0, w1, w2, w3), k1: siphash13(w0, w1, w3, !w2) }
	}

	/// The order key of `id` in `class` for `domain`. Deterministic; `O(1)`.
	#[inline]
	#[must_use]
	pub fn key(&self, domain: Domain, class: u32, id: u64) -> u64 {
		siphash13(self.k0, self.k1, ((domain as u64) << 32) | u64::from(class), id)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn siphash_matches_an_independent_implementation() {
		use core::hash::Hasher;
		for (k0, k1, m0, m1) in [
			(0u64, 0u64, 0u64, 0u64),
			(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908, 7, 1 << 63),
			(u64::MAX, 12_345, 0xdead_beef, 42),
		] {
			let mut reference = siphasher::sip::SipHasher13::new_with_keys(k0, k1);
			reference.write(&m0.to_le_bytes());
			reference.write(&m1.to_le_bytes());
			assert_eq!(siphash13(k0, k1, m0, m1), reference.finish());
		}
	}

	#[test]
	fn domains_and_seeds_give_different_orders() {
		let a = Tiebreak::new(&[1; 32]);
		let b = Tiebreak::new(&[2; 32]);
		assert_ne!(a.key(Domain::Lot, 0, 7), a.key(Domain::Ask, 0, 7));
		assert_ne!(a.key(Domain::Lot, 0, 7), b.key(Domain::Lot, 0, 7));
		assert_eq!(a.key(Domain::Lot, 3, 7), a.key(Domain::Lot, 3, 7));
	}
}
