//! The sorted orders every mechanism reads, and their `O(n)` check.
//!
//! A class's orders are four permutations of its indices:
//! - lots by value: `ρ` descending, then the seeded hash, then id, ascending;
//! - asks by price: grossed-up unit price ascending, then hash, then id;
//! - lots and asks by lottery: hash, then id, ascending.
//!
//! Every key ends in the id, unique within the class, so each order is a strict total order and
//! exactly one permutation satisfies it. [`clear`](crate::clear) finds them by sorting
//! (`O(n log n)`); [`verify`](crate::verify) receives them inside the clearing and only checks that
//! they are permutations sorted by those keys (`O(n)`), which is why verifying is cheaper.

use crate::{
	hash::{Domain, Tiebreak},
	model::{gross_up, ClassMarket, SnapshotError, UnitPrice},
};
use alloc::{vec, vec::Vec};
use core::cmp::Reverse;

#[cfg(feature = "scale")]
use codec::{Decode, DecodeWithMemTracking, Encode};
#[cfg(feature = "scale")]
use scale_info::TypeInfo;

/// The four orders of one class, as indices into its `lots` and `asks`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct ClassOrders {
	/// Lots, highest unit value first.
	pub lots_by_value: Vec<u32>,
	/// Asks, lowest grossed-up unit price first.
	pub asks_by_price: Vec<u32>,
	/// Lots in lottery order (seeded hash).
	pub lots_by_lottery: Vec<u32>,
	/// Asks in lottery order (seeded hash).
	pub asks_by_lottery: Vec<u32>,
}

/// Which of the four orders is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub enum OrderKind {
	/// `lots_by_value`.
	LotsByValue,
	/// `asks_by_price`.
	AsksByPrice,
	/// `lots_by_lottery`.
	LotsByLottery,
	/// `asks_by_lottery`.
	AsksByLottery,
}

/// Why a certificate order is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub enum OrderError {
	/// The order is not a permutation of the class's indices.
	NotAPermutation(OrderKind),
	/// Two neighbours are out of order.
	NotSorted(OrderKind),
}

/// Per-class keys, computed once: `O(n)` hashes and divisions.
pub(crate) struct Keys {
	/// `(ρ, hash)` per lot, by index.
	pub lot: Vec<(UnitPrice, u64)>,
	/// `(grossed-up price, hash)` per ask, by index.
	pub ask: Vec<(UnitPrice, u64)>,
}

impl Keys {
	pub(crate) fn new(market: &ClassMarket, tiebreak: &Tiebreak, fee_ppm: u32) -> Self {
		let class = market.class;
		let lot = market
			.lots
			.iter()
			.map(|l| (l.unit_value(), tiebreak.key(Domain::Lot, class, l.id)))
			.collect();
		let ask = market
			.asks
			.iter()
			.map(|a| (gross_up(a.unit_price, fee_ppm), tiebreak.key(Domain::Ask, class, a.id)))
			.collect();
		Self { lot, ask }
	}
}

/// Sorts `n` items by `(primary, hash, id)` ascending, where `packed[i] = primary << 32 | i`,
/// `tie(i) = (hash, id)`, and `primary` is either the price alone or the price followed by the top
/// half of the hash (both orders agree with `(price, hash, id)`). Sorting plain `u128`s is about twice as fast as sorting tuples; the rare
/// runs of equal primaries are then ordered by `(hash, id)`. Returns `Err(())` if two items have
/// equal `(primary, hash, id)`.
fn sort_packed(mut packed: Vec<u128>, tie: impl Fn(u32) -> (u64, u64)) -> Result<Vec<u32>, ()> {
	packed.sort_unstable();
	let mut order: Vec<u32> = packed.iter().map(|&k| k as u32).collect();
	let mut start = 0;
	while start < packed.len() {
		let primary = packed[start] >> 32;
		let mut end = start + 1;
		while end < packed.len() && packed[end] >> 32 == primary {
			end += 1;
		}
		if end - start > 1 {
			let run = &mut order[start..end];
			run.sort_unstable_by_key(|&i| tie(i));
			if run.windows(2).any(|w| tie(w[0]) == tie(w[1])) {
				return Err(());
			}
		}
		start = end;
	}
	Ok(order)
}

/// The lottery order of `n` items: indices sorted by `(hash, id)`. Hashes are uniform, so one
/// counting pass into `≈ n` buckets by their top bits and an insertion sort of each (tiny) bucket
/// sorts them in expected `O(n)`. Returns `Err(())` on two equal `(hash, id)` (a duplicate id).
fn lottery_order(n: usize, tie: impl Fn(u32) -> (u64, u64)) -> Result<Vec<u32>, ()> {
	if n < 64 {
		let mut order: Vec<u32> = (0..n as u32).collect();
		order.sort_unstable_by_key(|&i| tie(i));
		return if order.windows(2).any(|w| tie(w[0]) == tie(w[1])) { Err(()) } else { Ok(order) };
	}
	let bits = usize::BITS - (n - 1).leading_zeros(); // 2^bits ≥ n
	let bucket = |h: u64| (h >> (64 - bits)) as usize;
	let keys: Vec<(u64, u64)> = (0..n as u32).map(&tie).collect();
	let mut starts = vec![0usize; (1 << bits) + 1];
	for &(h, _) in &keys {
		starts[bucket(h) + 1] += 1;
	}
	for b in 1..starts.len() {
		starts[b] += starts[b - 1];
	}
	let mut fill = starts.clone();
	let mut order = vec![0u32; n];
	for (i, &(h, _)) in keys.iter().enumerate() {
		let b = bucket(h);
		order[fill[b]] = i as u32;
		fill[b] += 1;
	}
	for b in 0..(1usize << bits) {
		let run = &mut order[starts[b]..starts[b + 1]];
		if run.len() > 1 {
			// Insertion sort: buckets hold one item on average.
			for j in 1..run.len() {
				let mut k = j;
				while k > 0 && keys[run[k - 1] as usize] > keys[run[k] as usize] {
					run.swap(k - 1, k);
					k -= 1;
				}
			}
			if run.windows(2).any(|w| keys[w[0] as usize] == keys[w[1] as usize]) {
				return Err(());
			}
		}
	}
	Ok(order)
}

/// The largest `ρ` plus one, so that `RHO_FLIP - ρ` sorts values descending (`ρ ≤ MAX_VALUE`).
const RHO_FLIP: u128 = 1 << 94;

/// Sorts one class: `O(n log n)`. Fails on duplicate ids.
pub(crate) fn sort_class(market: &ClassMarket, keys: &Keys) -> Result<ClassOrders, SnapshotError> {
	let (lots, asks) = (&market.lots, &market.asks);
	let lot_tie = |i: u32| (keys.lot[i as usize].1, lots[i as usize].id);
	let ask_tie = |i: u32| (keys.ask[i as usize].1, asks[i as usize].id);

	// Values descending; ids are unique iff no two lots tie on (hash, id), which the lottery
	// order checks (equal ids give equal hashes). When values fit in 64 bits (the usual case) the
	// top half of the hash is packed in too, so runs of equal keys left for `tie` are rare.
	let max_rho = keys.lot.iter().map(|k| k.0).max().unwrap_or(0);
	let by_value = keys
		.lot
		.iter()
		.enumerate()
		.map(|(i, &(rho, h))| match u64::try_from(max_rho) {
			Ok(_) => ((max_rho - rho) << 64) | (u128::from(h >> 32) << 32) | i as u128,
			Err(_) => ((RHO_FLIP - 1 - rho) << 32) | i as u128,
		})
		.collect();
	let lots_by_value = sort_packed(by_value, lot_tie).map_err(|()| SnapshotError::DuplicateLot)?;
	let lots_by_lottery =
		lottery_order(lots.len(), lot_tie).map_err(|()| SnapshotError::DuplicateLot)?;

	// Grossed-up prices are below 2⁹⁵ (fee ≤ 50 %), so `price << 32` fits; below 2⁶⁴ the top half
	// of the hash is packed in as well.
	let max_price = keys.ask.iter().map(|k| k.0).max().unwrap_or(0);
	let by_price = keys
		.ask
		.iter()
		.enumerate()
		.map(|(i, &(a, h))| match u64::try_from(max_price) {
			Ok(_) => (a << 64) | (u128::from(h >> 32) << 32) | i as u128,
			Err(_) => (a << 32) | i as u128,
		})
		.collect();
	let asks_by_price = sort_packed(by_price, ask_tie).map_err(|()| SnapshotError::DuplicateAsk)?;
	let asks_by_lottery =
		lottery_order(asks.len(), ask_tie).map_err(|()| SnapshotError::DuplicateAsk)?;

	Ok(ClassOrders { lots_by_value, asks_by_price, lots_by_lottery, asks_by_lottery })
}

fn check_permutation(order: &[u32], n: usize, kind: OrderKind) -> Result<(), OrderError> {
	if order.len() != n {
		return Err(OrderError::NotAPermutation(kind));
	}
	let mut seen = vec![false; n];
	for &i in order {
		let slot = seen.get_mut(i as usize).ok_or(OrderError::NotAPermutation(kind))?;
		if *slot {
			return Err(OrderError::NotAPermutation(kind));
		}
		*slot = true;
	}
	Ok(())
}

fn check_sorted<K: Ord>(
	order: &[u32],
	key: impl Fn(u32) -> K,
	kind: OrderKind,
) -> Result<(), OrderError> {
	let mut prev: Option<K> = None;
	for &i in order {
		let k = key(i);
		if let Some(p) = &prev {
			// Strict: ids are unique, so equal keys mean a duplicate id.
			if *p >= k {
				return Err(OrderError::NotSorted(kind));
			}
		}
		prev = Some(k);
	}
	Ok(())
}

/// Checks a class's orders against its keys: permutations, strictly sorted. `O(n)`.
pub(crate) fn check_class(
	market: &ClassMarket,
	keys: &Keys,
	orders: &ClassOrders,
) -> Result<(), OrderError> {
	use OrderKind::{AsksByLottery, AsksByPrice, LotsByLottery, LotsByValue};
	let (lots, asks) = (&market.lots, &market.asks);
	check_permutation(&orders.lots_by_value, lots.len(), LotsByValue)?;
	check_permutation(&orders.lots_by_lottery, lots.len(), LotsByLottery)?;
	check_permutation(&orders.asks_by_price, asks.len(), AsksByPrice)?;
	check_permutation(&orders.asks_by_lottery, asks.len(), AsksByLottery)?;
	// Indices are in range from here on.
	let lot = |i: u32| (keys.lot[i as usize], lots[i as usize].id);
	let ask = |i: u32| (keys.ask[i as usize], asks[i as usize].id);
	check_sorted(
		&orders.lots_by_value,
		|i| {
			let ((rho, h), id) = lot(i);
			(Reverse(rho), h, id)
		},
		LotsByValue,
	)?;
	check_sorted(
		&orders.lots_by_lottery,
		|i| {
			let ((_, h), id) = lot(i);
			(h, id)
		},
		LotsByLottery,
	)?;
	check_sorted(
		&orders.asks_by_price,
		|i| {
			let ((a, h), id) = ask(i);
			(a, h, id)
		},
		AsksByPrice,
	)?;
	check_sorted(
		&orders.asks_by_lottery,
		|i| {
			let ((_, h), id) = ask(i);
			(h, id)
		},
		AsksByLottery,
	)?;
	Ok(())
}
