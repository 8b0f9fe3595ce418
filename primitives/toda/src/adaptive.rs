//! The default mechanism: a switch on each class's public counts and history, truthful for the
//! asks provers really send (capacity above one) in every branch, and serving thin markets.
//!
//! # Rule
//! With `L` lots and `A` asks in the class (counts of orders, never prices or capacities) and `P`
//! the class's posted unit price ([`ClassMarket::posted_price`](crate::ClassMarket::posted_price):
//! the chain's statistic of the class's earlier reference prices, `None` for a class with no
//! history — never this round's reports):
//! - `L ≥ THIN_LOTS` (64), or no `P` and `L ≥ THIN_LOTS_WITHOUT_HISTORY` (25) —
//!   **Vickrey-MUDA** ([`muda`](crate::muda)): enough traders for each half to price the other.
//! - `L = 1`, `A ≥ 2` — **second-price sale** (McAfee's lone-lot rule, the live ProverNet market's
//!   per-request rule): the cheapest ask serves the lot at the cheapest other ask's grossed-up
//!   price `a′`, if `a′ ≤ ρ(1)`.
//! - otherwise, with `P` — **posted price**: every lot with `ρ ≥ P` wants to buy, every unit of
//!   an ask whose grossed-up price is at most `P` wants to sell. The short side trades in full.
//!   Too many lots: the highest-valued win and pay the first excluded willing lot's value (a
//!   Vickrey price with reserve `P`); too many units: asks are served in the seeded lottery order,
//!   each up to its capacity. Asks receive `P`; lots are paired with units in value order.
//! - otherwise, without `P` — **unit McAfee** (`A ≥ 2`): McAfee's trade reduction with every ask
//!   counted as one unit (at most one lot per ask this round); one ask and no history: nothing
//!   trades this round, but the round's reference price goes into the class's history (a chain
//!   may require several such rounds before it posts a price; ProverNet requires three).
//!
//! # Properties and their conditions
//! - **DSIC in each round, also for multi-unit asks.** The branch depends on counts a trader
//!   changes only by leaving the class (which gives it nothing) and on the history, which this
//!   round's reports do not touch. (A chain that shares a round's lot room between classes lets
//!   an ask in one class change how many lots another class gets; ProverNet does so only when
//!   more than its 1,024-lot round limit is open.) Posted price: `P` is fixed before the round; an ask's price
//!   only decides whether it sells; its units sit at a place in the lottery order no report
//!   moves, so less capacity only drops its last lots, each of which paid `(P − a)·w ≥ 0`; a
//!   lot's threshold is `max(P, ρ of the first other excluded willing lot)`. Second-price sale and
//!   unit McAfee: every ask is a single-unit trader, so McAfee's single-unit DSIC applies and
//!   capacity is never read. Vickrey-MUDA: see [`muda`](crate::muda).
//! - **Across rounds it is not truthful, and cannot be made so for free.** The posted price is a
//!   statistic of earlier reports, and in a posted-price round a report moves the recorded
//!   reference price without changing the trade (an ask below `P` sells at `P` whatever it says;
//!   a lot above `P` buys at `P`): a prover that will trade in later rounds can push the class's
//!   price up, a requester down, at no cost now. What bounds it: the reference price does not
//!   count a seller's own spare units as competition against it (so telling the truth does not
//!   price it at its own cost), a class posts a price only once three rounds crossed,
//!   and the chain records each later round at most an eighth away from the posted price in force
//!   and posts the median of up to 64 recorded rounds — one round of false reports moves the
//!   posted price by at most one rank of the median and an eighth, and only a majority of the
//!   recorded rounds moves it further, by at most 12.5 % a round. In a class where the same prover and requester
//!   meet alone round after round (a bilateral monopoly: Myerson–Satterthwaite says no mechanism
//!   is truthful, rational and balanced there), they pull the price between them; the rule is
//!   truthful per round, not a repeated-game guarantee.
//! - **Individually rational** in every branch; **weakly budget balanced** (the posted price and
//!   Vickrey-MUDA keep the lots' excess over the ask price, McAfee its reduction's surplus; the
//!   second-price sale is strongly balanced).
//! - Not robust to false-name orders: a seller that adds a second ask of its own can set the
//!   second price or move a class between branches (as with any Vickrey sale); the stake behind
//!   every ask makes this costly, it does not make it impossible.
//! - Efficiency: `docs/PERFORMANCE.md` (the measurement that set the thresholds); welfare at
//!   1,000 traders per class is Vickrey-MUDA's.
//!
//! # Example
//! One lot, one prover: the class's posted price serves it.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 0,
//!     lots: vec![Lot { id: 1, max_value: 500, size: 10 }],
//!     asks: vec![Ask { id: 9, unit_price: 30, capacity: 3 }],
//!     posted_price: Some(40),
//! };
//! let snapshot = Snapshot { round: 1, seed: [0; 32], fee_ppm: 0, classes: vec![market] };
//! let trade = clear(&snapshot, Mechanism::Adaptive).unwrap().classes[0].trades[0];
//! assert_eq!((trade.lot_pays, trade.ask_receives), (400, 400));
//! ```

use crate::{
	mcafee,
	mechanism::{Group, View},
	muda,
};
use alloc::vec::Vec;

/// Classes with at least this many lots clear by Vickrey-MUDA, whatever their history: its prices
/// come from the round's own reports (the other half's), so they need no history and cannot go
/// stale. Set by measurement (`examples/market-shapes.rs`, `docs/PERFORMANCE.md`): below it a
/// posted price beats Vickrey-MUDA even when it is a quarter off the market; from 100 lots on a
/// quarter off loses to it.
pub const THIN_LOTS: usize = 64;

/// A class with no history and at least this many lots (but fewer than [`THIN_LOTS`]) clears by
/// Vickrey-MUDA, a smaller one by unit McAfee; set by the same measurement.
pub const THIN_LOTS_WITHOUT_HISTORY: usize = 25;

pub(crate) fn groups(view: &View) -> Vec<Group> {
	let (lots, asks) = (view.market.lots.len(), view.market.asks.len());
	let posted = view.market.posted_price;
	if lots == 0 || asks == 0 {
		return Vec::new();
	}
	if lots >= THIN_LOTS || (posted.is_none() && lots >= THIN_LOTS_WITHOUT_HISTORY) {
		return muda::groups(view, muda::Rationing::Vickrey);
	}
	if lots == 1 && asks >= 2 {
		let ladder = view.ladder(|_| true, |_| true);
		return mcafee::lone_lot(view, &ladder, ladder.lots[0].0);
	}
	match posted {
		Some(price) => muda::at_price(view, price, |_| true, |_| true, muda::Rationing::Vickrey)
			.into_iter()
			.collect(),
		None if asks >= 2 => mcafee::trade_reduction(view, &view.unit_ladder()),
		None => Vec::new(),
	}
}
