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

/// Sorts one class: `O(n log n)`. Fails on duplicate ids.
pub(crate) fn sort_class(market: &ClassMarket, keys: &Keys) -> Result<ClassOrders, SnapshotError> {
	let lots = &market.lots;
	let asks = &market.asks;

	let mut by_value: Vec<(Reverse<UnitPrice>, u64, u64, u32)> = keys
		.lot
		.iter()
		.zip(lots)
		.enumerate()
		.map(|(i, (&(rho, h), l))| (Reverse(rho), h, l.id, i as u32))
		.collect();
	by_value.sort_unstable();
	let mut lot_lottery: Vec<(u64, u64, u32)> =
		by_value.iter().map(|&(_, h, id, i)| (h, id, i)).collect();
	lot_lottery.sort_unstable();
	if lot_lottery.windows(2).any(|w| w[0].1 == w[1].1 && w[0].0 == w[1].0) {
		return Err(SnapshotError::DuplicateLot);
	}

	let mut by_price: Vec<(UnitPrice, u64, u64, u32)> = keys
		.ask
		.iter()
		.zip(asks)
		.enumerate()
		.map(|(i, (&(a, h), x))| (a, h, x.id, i as u32))
		.collect();
	by_price.sort_unstable();
	let mut ask_lottery: Vec<(u64, u64, u32)> =
		by_price.iter().map(|&(_, h, id, i)| (h, id, i)).collect();
	ask_lottery.sort_unstable();
	if ask_lottery.windows(2).any(|w| w[0].1 == w[1].1 && w[0].0 == w[1].0) {
		return Err(SnapshotError::DuplicateAsk);
	}

	Ok(ClassOrders {
		lots_by_value: by_value.into_iter().map(|x| x.3).collect(),
		asks_by_price: by_price.into_iter().map(|x| x.3).collect(),
		lots_by_lottery: lot_lottery.into_iter().map(|x| x.2).collect(),
		asks_by_lottery: ask_lottery.into_iter().map(|x| x.2).collect(),
	})
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
	use OrderKind::*;
	let (lots, asks) = (&market.lots, &market.asks);
	check_permutation(&orders.lots_by_value, lots.len(), LotsByValue)?;
	check_permutation(&orders.lots_by_lottery, lots.len(), LotsByLottery)?;
	check_permutation(&orders.asks_by_price, asks.len(), AsksByPrice)?;
	check_permutation(&orders.asks_by_lottery, asks.len(), AsksByLottery)?;
	// Indices are in range from here on.
	let lot = |i: u32| (keys.lot[i as usize], lots[i as usize].id);
	let ask = |i: u32| (keys.ask[i as usize], asks[i as usize].id);
	check_sorted(&orders.lots_by_value, |i| {
		let ((rho, h), id) = lot(i);
		(Reverse(rho), h, id)
	}, LotsByValue)?;
	check_sorted(&orders.lots_by_lottery, |i| {
		let ((_, h), id) = lot(i);
		(h, id)
	}, LotsByLottery)?;
	check_sorted(&orders.asks_by_price, |i| {
		let ((a, h), id) = ask(i);
		(a, h, id)
	}, AsksByPrice)?;
	check_sorted(&orders.asks_by_lottery, |i| {
		let ((_, h), id) = ask(i);
		(h, id)
	}, AsksByLottery)?;
	Ok(())
}
