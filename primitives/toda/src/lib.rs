//! # TODA — truthful double auctions for a proof market
//!
//! A round of the market is a [`Snapshot`]: independent classes, each with **lots** (demand: a lot
//! pays at most `max_value` for a proof of public `size`) and **asks** (supply: a unit price per
//! unit of size and a capacity in lots). [`clear`] runs one [`Mechanism`] on every class and returns
//! a [`Clearing`]: who serves whom, at which unit prices, the fee and the surplus. [`verify`] checks
//! that a clearing is *exactly* what the mechanism outputs for the snapshot; it is what a chain runs
//! on a clearing computed elsewhere, and it is cheaper than [`clear`] (`O(n)` against
//! `O(n log n)`) because the clearing carries its sorted orders as a certificate.
//!
//! The crate is `no_std + alloc`, uses integer arithmetic only and is deterministic: the same
//! snapshot gives the same clearing on every machine.
//!
//! ## Mechanisms
//! - [`mcafee`]: trade reduction (DSIC for single-unit traders, weakly budget balanced), with a
//!   second-price sale for a lone lot;
//! - [`sbba`]: one price, strongly budget balanced, seeded lottery;
//! - [`muda`]: random halving, DSIC also for multi-unit asks; lottery-MUDA (strongly budget
//!   balanced) and Vickrey-MUDA (lots rationed by value, weakly budget balanced);
//! - [`adaptive`]: the default — a switch on public counts and history between a second-price
//!   sale, a posted price, unit McAfee and Vickrey-MUDA, DSIC for multi-unit asks in every branch;
//! - [`vcg`]: the efficient reference, which runs a deficit.
//!
//! ## Conventions
//! - A lot's unit value is `ρ = ⌊max_value / size⌋` (rounded in the lot's favour).
//! - Asks are compared **grossed up** by the fee, `⌈a / (1 − fee)⌉`, so a seller's truthful net
//!   price stays dominant; the fee is `⌊gross · fee⌋` of what the seller is paid.
//! - Winning ask units are taken in **lottery order** (a hash of the round seed and the id), never
//!   by price rank: lots differ in size, and rank pairing would let a seller shade its ask to be
//!   matched with bigger lots at the same unit price. Winning lots are in lottery order too,
//!   except where lots are rationed by value (Vickrey-MUDA, the posted price): there they are in
//!   value order, which only the lots' own reports set, so a seller that withholds a unit drops
//!   its last lot and cannot trade a small lot for a big one.
//!
//! ## Example
//! ```
//! use toda::{clear, verify, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 7,
//!     lots: vec![
//!         Lot { id: 1, max_value: 1_000, size: 10 }, // 100 per unit
//!         Lot { id: 2, max_value: 1_600, size: 20 }, //  80 per unit
//!         Lot { id: 3, max_value: 300, size: 10 },   //  30 per unit
//!     ],
//!     asks: vec![
//!         Ask { id: 10, unit_price: 20, capacity: 1 },
//!         Ask { id: 11, unit_price: 50, capacity: 1 },
//!         Ask { id: 12, unit_price: 90, capacity: 1 },
//!     ],
//!     posted_price: None,
//! };
//! let snapshot = Snapshot { round: 1, seed: [42; 32], fee_ppm: 10_000, classes: vec![market] };
//! let clearing = clear(&snapshot, Mechanism::McAfee).unwrap();
//! // Lots 1 and 2 cross asks 10 and 11; the third pair (30 < 90) sets p₀ = ⌊(30 + 90)/2⌋ = 60.
//! assert_eq!(clearing.classes[0].trades.len(), 2);
//! assert!(clearing.classes[0].trades.iter().all(|t| t.lot_unit_price == 60));
//! assert_eq!(verify(&snapshot, &clearing), Ok(()));
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod adaptive;
mod hash;
mod ladder;
pub mod mcafee;
mod mechanism;
mod model;
pub mod muda;
mod order;
pub mod sbba;
pub mod vcg;

pub use hash::{Domain, Tiebreak};
pub use mechanism::{Mechanism, UnitPrices};
pub use model::{
	fee_of, gross_up, Amount, Ask, ClassMarket, Lot, Snapshot, SnapshotError, UnitPrice,
	MAX_CAPACITY, MAX_FEE_PPM, MAX_VALUE, PPM,
};
pub use order::{ClassOrders, OrderError, OrderKind};

use alloc::vec::Vec;
use mechanism::{Group, View};
use order::Keys;

#[cfg(feature = "scale")]
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
#[cfg(feature = "scale")]
use scale_info::TypeInfo;

/// One lot served by one ask unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)
)]
pub struct Trade {
	/// The lot's id.
	pub lot: u64,
	/// The serving ask's id.
	pub ask: u64,
	/// What the lot pays per unit of its size.
	pub lot_unit_price: UnitPrice,
	/// What the ask is paid per unit of the lot's size, before the fee.
	pub ask_unit_price: UnitPrice,
	/// `lot_unit_price × size`, never more than the lot's `max_value`.
	pub lot_pays: Amount,
	/// `ask_unit_price × size`.
	pub ask_gross: Amount,
	/// The market fee, `⌊ask_gross × fee_ppm / 10⁶⌋`.
	pub fee: Amount,
	/// `ask_gross − fee`, at least the ask's `unit_price × size`.
	pub ask_receives: Amount,
}

/// Where the money of a class (or a round) goes. Always
/// `paid_by_lots = received_by_asks + fee + surplus`, exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)
)]
pub struct Budget {
	/// Σ `lot_pays`.
	pub paid_by_lots: Amount,
	/// Σ `ask_receives`.
	pub received_by_asks: Amount,
	/// Σ `fee`.
	pub fee: Amount,
	/// What is left: `≥ 0` for every budget-balanced mechanism, `0` for SBBA and MUDA, negative
	/// (a deficit) only for VCG.
	pub surplus: i128,
}

impl Budget {
	fn add(&mut self, other: &Budget) {
		self.paid_by_lots += other.paid_by_lots;
		self.received_by_asks += other.received_by_asks;
		self.fee += other.fee;
		self.surplus += other.surplus;
	}
}

/// The outcome for one class, with the orders that certify it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct ClassClearing {
	/// The class.
	pub class: u32,
	/// The sorted orders the outcome was computed from (the certificate [`verify`] checks).
	pub orders: ClassOrders,
	/// The unit prices of each group of trades: one entry for McAfee, SBBA and VCG, one per half
	/// that trades for MUDA; empty when nothing trades.
	pub prices: Vec<UnitPrices>,
	/// The trades, in pairing (lottery) order.
	pub trades: Vec<Trade>,
	/// The class's money.
	pub budget: Budget,
	/// The competitive (Walrasian) unit price of this round's reports, whichever mechanism
	/// cleared it ([`reference_price`]): what a chain records as the class's price history, from
	/// which later rounds' posted prices are drawn. `None` when no lot's value reaches any ask.
	pub reference_price: Option<UnitPrice>,
}

/// The outcome of a round.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct Clearing {
	/// The round cleared.
	pub round: u64,
	/// The mechanism used.
	pub mechanism: Mechanism,
	/// One entry per snapshot class, in the snapshot's order.
	pub classes: Vec<ClassClearing>,
	/// The round's money, summed over classes.
	pub budget: Budget,
}

/// Why [`verify`] rejects a clearing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub enum VerifyError {
	/// The snapshot itself is invalid.
	Snapshot(SnapshotError),
	/// The clearing is for another round.
	WrongRound,
	/// The clearing lists other classes than the snapshot, or in another order.
	WrongClasses,
	/// A certificate order of class number `class_index` is wrong.
	Order {
		/// Position of the class in the snapshot.
		class_index: u32,
		/// What is wrong.
		error: OrderError,
	},
	/// The prices of a class differ from the mechanism's.
	WrongPrices {
		/// Position of the class in the snapshot.
		class_index: u32,
	},
	/// The trades of a class differ from the mechanism's (count, pairs or amounts).
	WrongTrades {
		/// Position of the class in the snapshot.
		class_index: u32,
	},
	/// A class's or the round's budget does not add up to its trades.
	WrongBudget,
	/// A class's reference price is not the competitive price of its reports.
	WrongReferencePrice {
		/// Position of the class in the snapshot.
		class_index: u32,
	},
}

/// Builds a class's outcome from its orders: shared by [`clear`] and [`verify`], `O(n)`.
fn settle(view: &View, groups: Vec<Group>, fee_ppm: u32) -> (Vec<UnitPrices>, Vec<Trade>, Budget) {
	let (lots, asks) = (&view.market.lots, &view.market.asks);
	let mut prices = Vec::with_capacity(groups.len());
	let mut trades = Vec::new();
	let mut budget = Budget::default();
	for group in groups {
		prices.push(group.prices);
		let units = group.units.iter().flat_map(|&(ask, count)| (0..count).map(move |_| ask));
		debug_assert_eq!(
			group.lots.len() as u64,
			group.units.iter().map(|u| u64::from(u.1)).sum::<u64>(),
			"each mechanism selects as many units as lots; qed"
		);
		for (lot_index, ask_index) in group.lots.iter().zip(units) {
			let lot = &lots[*lot_index as usize];
			let ask = &asks[ask_index as usize];
			let size = u128::from(lot.size);
			// Prices never exceed ρ ≤ MAX_VALUE (and VCG's ask price is capped by ρ(k)), so the
			// products are at most `max_value` of some winning lot: no overflow.
			let lot_pays = group.prices.lot * size;
			let ask_gross = group.prices.ask * size;
			let fee = fee_of(ask_gross, fee_ppm);
			let ask_receives = ask_gross - fee;
			budget.paid_by_lots += lot_pays;
			budget.received_by_asks += ask_receives;
			budget.fee += fee;
			budget.surplus += lot_pays as i128 - ask_gross as i128;
			trades.push(Trade {
				lot: lot.id,
				ask: ask.id,
				lot_unit_price: group.prices.lot,
				ask_unit_price: group.prices.ask,
				lot_pays,
				ask_gross,
				fee,
				ask_receives,
			});
		}
	}
	(prices, trades, budget)
}

/// The reference price of a sorted class, `None` if nothing crosses: `O(n)`.
fn competitive_price(view: &View) -> Option<UnitPrice> {
	view.ladder(|_| true, |_| true).reference_price()
}

/// The competitive (Walrasian) unit price of `market`'s reports, as a reference: with lots by unit
/// value and ask units by grossed-up price (`fee_ppm`), `k` the number of units that cross, the
/// midpoint, rounded down, of `[max(a(k), ρ(k+1)), min(ρ(k), a′)]`, where `a′` is the cheapest
/// unit of an ask *other* than the one selling unit `k` (a missing order leaves the other bound).
/// A seller's own spare capacity is not competition against itself: a lone seller with spare
/// units facing a lone lot is referenced at the midpoint of its price and the lot's value, not at
/// its own price (which would price the truth at cost). It is what a chain records as the class's
/// price history ([`ClassClearing::reference_price`]) and draws the adaptive mechanism's posted
/// price from. `None` when no lot's value reaches any ask's price.
///
/// Complexity: `O(n log n)` (sorting); inside [`clear`] and [`verify`] it is `O(n)`.
///
/// # Errors
/// A [`SnapshotError`] when the class breaks a limit or repeats an id.
///
/// # Example
/// ```
/// use toda::{reference_price, Ask, ClassMarket, Lot};
/// let market = ClassMarket {
///     class: 0,
///     lots: vec![Lot { id: 1, max_value: 90, size: 1 }, Lot { id: 2, max_value: 40, size: 1 }],
///     asks: vec![Ask { id: 1, unit_price: 20, capacity: 1 }, Ask { id: 2, unit_price: 70, capacity: 1 }],
///     posted_price: None,
/// };
/// // One trade (90 ≥ 20; 40 < 70): the price clears in [max(20, 40), min(90, 70)] = [40, 70].
/// assert_eq!(reference_price(&market, [0; 32], 0), Ok(Some(55)));
/// ```
pub fn reference_price(
	market: &ClassMarket,
	seed: [u8; 32],
	fee_ppm: u32,
) -> Result<Option<UnitPrice>, SnapshotError> {
	let snapshot = Snapshot { round: 0, seed, fee_ppm, classes: alloc::vec![market.clone()] };
	snapshot.check_limits()?;
	let tiebreak = Tiebreak::new(&seed);
	let keys = Keys::new(market, &tiebreak, fee_ppm);
	let orders = order::sort_class(market, &keys)?;
	Ok(competitive_price(&View { market, keys: &keys, orders: &orders, tiebreak: &tiebreak }))
}

fn groups_of(view: &View, mechanism: Mechanism) -> Vec<Group> {
	match mechanism {
		Mechanism::McAfee => mcafee::groups(view),
		Mechanism::Sbba => sbba::groups(view),
		Mechanism::Muda => muda::groups(view, muda::Rationing::Lottery),
		Mechanism::VickreyMuda => muda::groups(view, muda::Rationing::Vickrey),
		Mechanism::Adaptive => adaptive::groups(view),
		Mechanism::Vcg => vcg::groups(view),
	}
}

fn check_class_ids(snapshot: &Snapshot) -> Result<(), SnapshotError> {
	let mut ids: Vec<u32> = snapshot.classes.iter().map(|c| c.class).collect();
	ids.sort_unstable();
	if ids.windows(2).any(|w| w[0] == w[1]) {
		return Err(SnapshotError::DuplicateClass);
	}
	Ok(())
}

/// Clears every class of `snapshot` with `mechanism`.
///
/// Preconditions: the snapshot's limits ([`MAX_VALUE`], [`MAX_CAPACITY`], [`MAX_FEE_PPM`], sizes
/// ≥ 1) and unique ids per class; otherwise a [`SnapshotError`].
///
/// Complexity: `O(n log n)` for `n` orders (sorting dominates), `O(n)` memory.
///
/// # Errors
/// A [`SnapshotError`] when the snapshot breaks a limit or repeats an id; nothing is cleared.
///
/// # Example
/// ```
/// use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
/// let market = ClassMarket {
///     class: 0,
///     lots: vec![Lot { id: 1, max_value: 50, size: 5 }],
///     asks: vec![Ask { id: 9, unit_price: 4, capacity: 1 }],
///     posted_price: None,
/// };
/// let snapshot = Snapshot { round: 1, seed: [0; 32], fee_ppm: 0, classes: vec![market] };
/// // A single buyer and a single seller: McAfee cannot price them without a third trader.
/// assert!(clear(&snapshot, Mechanism::McAfee).unwrap().classes[0].trades.is_empty());
/// ```
pub fn clear(snapshot: &Snapshot, mechanism: Mechanism) -> Result<Clearing, SnapshotError> {
	snapshot.check_limits()?;
	check_class_ids(snapshot)?;
	let tiebreak = Tiebreak::new(&snapshot.seed);
	let mut classes = Vec::with_capacity(snapshot.classes.len());
	let mut budget = Budget::default();
	for market in &snapshot.classes {
		let keys = Keys::new(market, &tiebreak, snapshot.fee_ppm);
		let orders = order::sort_class(market, &keys)?;
		let view = View { market, keys: &keys, orders: &orders, tiebreak: &tiebreak };
		let (prices, trades, class_budget) =
			settle(&view, groups_of(&view, mechanism), snapshot.fee_ppm);
		budget.add(&class_budget);
		let reference_price = competitive_price(&view);
		classes.push(ClassClearing {
			class: market.class,
			orders,
			prices,
			trades,
			budget: class_budget,
			reference_price,
		});
	}
	Ok(Clearing { round: snapshot.round, mechanism, classes, budget })
}

/// Checks that `clearing` is exactly what [`clear`] returns for `snapshot` with the clearing's
/// mechanism: the certificate orders are the unique sorted permutations, and the prices, trades
/// (pairs, order and every amount) and budgets are the mechanism's. Any other value of any field
/// is rejected with the first [`VerifyError`] found.
///
/// Complexity: `O(n)` for `n` orders — no sorting.
///
/// # Errors
/// The first [`VerifyError`] found: an invalid snapshot, another round or class list, a broken
/// certificate order, or prices, trades or budgets that differ from the mechanism's.
///
/// # Example
/// ```
/// use toda::{clear, verify, Ask, ClassMarket, Lot, Mechanism, Snapshot, VerifyError};
/// let lots = (0..6).map(|i| Lot { id: i, max_value: 100 + 10 * i as u128, size: 1 }).collect();
/// let asks = (0..6).map(|i| Ask { id: i, unit_price: 60 + 10 * i as u128, capacity: 1 }).collect();
/// let snapshot = Snapshot { round: 9, seed: [3; 32], fee_ppm: 0,
///     classes: vec![ClassMarket { class: 0, lots, asks, posted_price: None }] };
/// let mut clearing = clear(&snapshot, Mechanism::McAfee).unwrap();
/// assert_eq!(verify(&snapshot, &clearing), Ok(()));
/// clearing.classes[0].trades[0].lot_pays -= 1; // a requester trying to pay less
/// assert_eq!(verify(&snapshot, &clearing), Err(VerifyError::WrongTrades { class_index: 0 }));
/// ```
pub fn verify(snapshot: &Snapshot, clearing: &Clearing) -> Result<(), VerifyError> {
	snapshot.check_limits().map_err(VerifyError::Snapshot)?;
	check_class_ids(snapshot).map_err(VerifyError::Snapshot)?;
	if clearing.round != snapshot.round {
		return Err(VerifyError::WrongRound);
	}
	if clearing.classes.len() != snapshot.classes.len()
		|| clearing.classes.iter().zip(&snapshot.classes).any(|(c, m)| c.class != m.class)
	{
		return Err(VerifyError::WrongClasses);
	}
	let tiebreak = Tiebreak::new(&snapshot.seed);
	let mut budget = Budget::default();
	for (index, (market, claimed)) in snapshot.classes.iter().zip(&clearing.classes).enumerate() {
		let class_index = index as u32;
		let keys = Keys::new(market, &tiebreak, snapshot.fee_ppm);
		order::check_class(market, &keys, &claimed.orders)
			.map_err(|error| VerifyError::Order { class_index, error })?;
		let view = View { market, keys: &keys, orders: &claimed.orders, tiebreak: &tiebreak };
		let (prices, trades, class_budget) =
			settle(&view, groups_of(&view, clearing.mechanism), snapshot.fee_ppm);
		if prices != claimed.prices {
			return Err(VerifyError::WrongPrices { class_index });
		}
		if trades != claimed.trades {
			return Err(VerifyError::WrongTrades { class_index });
		}
		if class_budget != claimed.budget {
			return Err(VerifyError::WrongBudget);
		}
		if competitive_price(&view) != claimed.reference_price {
			return Err(VerifyError::WrongReferencePrice { class_index });
		}
		budget.add(&class_budget);
	}
	if budget != clearing.budget {
		return Err(VerifyError::WrongBudget);
	}
	Ok(())
}
