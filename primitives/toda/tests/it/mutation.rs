//! The property checks catch broken mechanisms: a rule mutated in a way that breaks truthfulness
//! must be found out by the same deviation search the property tests use.

use crate::common;

use common::*;
use proptest::{
	strategy::{Strategy, ValueTree},
	test_runner::TestRunner,
};
use toda::{clear, Clearing, Mechanism, Snapshot, SnapshotError};

/// Searches random markets until the rule shows a profitable deviation.
fn finds_violation(rule: Rule, markets: usize) -> bool {
	let mut runner = TestRunner::deterministic();
	let strategy = snapshot(5, 5, 1, false, false);
	(0..markets).any(|_| {
		let s = strategy.new_tree(&mut runner).unwrap().current();
		best_deviation(&s, rule, true, &[]).is_some()
	})
}

/// Mutation 1: pair winners by rank (best lot with cheapest ask). Lots differ in size, so a seller
/// can shade its ask to be matched with a bigger lot at the same unit price.
fn rank_pairing(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::McAfee)?;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		let mut lots: Vec<_> = cc.trades.iter().map(|t| t.lot).collect();
		let mut asks: Vec<_> = cc.trades.iter().map(|t| t.ask).collect();
		let size = |id: u64| market.lots.iter().find(|l| l.id == id).unwrap().size;
		let price = |id: u64| market.asks.iter().find(|a| a.id == id).unwrap().unit_price;
		lots.sort_by_key(|&l| std::cmp::Reverse(size(l)));
		asks.sort_by_key(|&a| price(a));
		for ((t, l), a) in cc.trades.iter_mut().zip(lots).zip(asks) {
			let w = size(l) as u128;
			t.lot = l;
			t.ask = a;
			t.lot_pays = t.lot_unit_price * w;
			t.ask_gross = t.ask_unit_price * w;
			t.fee = 0;
			t.ask_receives = t.ask_gross;
		}
	}
	Ok(c)
}

/// Mutation 2: lots pay their own bid (first price) instead of the critical price.
fn pay_as_bid(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::Sbba)?;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		for t in &mut cc.trades {
			t.lot_pays = market.lots.iter().find(|l| l.id == t.lot).unwrap().max_value;
		}
	}
	Ok(c)
}

/// Mutation 3: McAfee without the trade reduction (all k trade at ρ(k)): the k-th lot sets its own
/// price, so lots gain by shading.
fn no_reduction(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let c = clear(s, Mechanism::Vcg)?;
	let mut c = c;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		let rho_k = cc
			.trades
			.iter()
			.map(|t| market.lots.iter().find(|l| l.id == t.lot).unwrap().unit_value())
			.min();
		for t in &mut cc.trades {
			let w = market.lots.iter().find(|l| l.id == t.lot).unwrap().size as u128;
			let p = rho_k.unwrap();
			t.lot_pays = p * w;
			t.ask_gross = p * w;
			t.ask_receives = p * w;
		}
	}
	Ok(c)
}

/// Mutation 4: a lone lot priced by its own traders — the midpoint of its bid and its ask's price,
/// as a naive "split the difference" rule would — instead of by the second-cheapest ask: both
/// sides gain by shading.
fn lone_lot_split_the_difference(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::McAfee)?;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		let [lot] = &market.lots[..] else { continue };
		for t in &mut cc.trades {
			let ask = market.asks.iter().find(|a| a.id == t.ask).unwrap();
			let p = u128::midpoint(lot.unit_value(), toda::gross_up(ask.unit_price, s.fee_ppm));
			let w = lot.size as u128;
			(t.lot_unit_price, t.ask_unit_price) = (p, p);
			(t.lot_pays, t.ask_gross, t.ask_receives, t.fee) = (p * w, p * w, p * w, 0);
		}
	}
	Ok(c)
}

#[test]
fn deviation_search_catches_a_lone_lot_priced_by_its_own_traders() {
	let mut runner = TestRunner::deterministic();
	let strategy = snapshot(1, 3, 1, false, false);
	let found = (0..400).any(|_| {
		let s = strategy.new_tree(&mut runner).unwrap().current();
		best_deviation(&s, &lone_lot_split_the_difference, true, &[]).is_some()
	});
	assert!(found, "the search must find the split-the-difference rule manipulable");
	// The real rule passes the same search on the same markets.
	let mut runner = TestRunner::deterministic();
	assert!(!(0..400).any(|_| {
		let s = strategy.new_tree(&mut runner).unwrap().current();
		best_deviation(&s, &rule(Mechanism::McAfee), false, &[]).is_some()
	}));
}

#[test]
fn deviation_search_catches_rank_pairing() {
	assert!(finds_violation(&rank_pairing, 400));
}

#[test]
fn deviation_search_catches_pay_as_bid() {
	assert!(finds_violation(&pay_as_bid, 100));
}

#[test]
fn deviation_search_catches_missing_trade_reduction() {
	assert!(finds_violation(&no_reduction, 400));
}

#[test]
fn correct_rules_pass_the_same_search() {
	for m in Mechanism::ALL {
		assert!(!finds_violation(&rule(m), 200), "{m:?}");
	}
}

/// Multi-unit asks: McAfee and SBBA are not truthful for them (a seller's extra unit can set the
/// price of its other units); the search finds and reports the largest gain. MUDA, Vickrey-MUDA
/// and the adaptive default show none.
#[test]
fn multi_unit_gains_are_reported() {
	let mut runner = TestRunner::deterministic();
	let strategy = snapshot(6, 3, 4, false, false);
	let mechanisms = [
		Mechanism::McAfee,
		Mechanism::Sbba,
		Mechanism::Muda,
		Mechanism::VickreyMuda,
		Mechanism::Adaptive,
	];
	let mut largest = [0i128; 5];
	for _ in 0..300 {
		let s = strategy.new_tree(&mut runner).unwrap().current();
		for (i, &m) in mechanisms.iter().enumerate() {
			if let Some(d) = best_deviation(&s, &rule(m), false, &[]) {
				largest[i] = largest[i].max(d.gain);
			}
		}
	}
	println!("largest gain from a multi-unit misreport: {:?}", mechanisms.iter().zip(largest));
	assert_eq!(largest[2..], [0; 3], "MUDA, Vickrey-MUDA and Adaptive must stay truthful");
	assert!(largest[0] > 0 || largest[1] > 0, "expected the documented multi-unit caveat to show");
}

/// Searches random markets from `strategy` (multi-unit asks included) until `rule` shows a
/// profitable deviation.
fn finds_multi_unit_violation(
	rule: Rule,
	strategy: impl Strategy<Value = Snapshot>,
	markets: usize,
) -> bool {
	let mut runner = TestRunner::deterministic();
	(0..markets).any(|_| {
		let s = strategy.new_tree(&mut runner).unwrap().current();
		best_deviation(&s, rule, false, &[]).is_some()
	})
}

/// Mutation 5: the lone ask's "posted" price taken from this round's reports (the midpoint of the
/// best lot's value and the ask's price) instead of the class's history: both sides can move it.
fn posted_price_from_this_round(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut m = s.clone();
	for market in &mut m.classes {
		let ([ask], Some(best)) =
			(&market.asks[..], market.lots.iter().map(|l| l.unit_value()).max())
		else {
			continue;
		};
		market.posted_price = Some(u128::midpoint(best, toda::gross_up(ask.unit_price, s.fee_ppm)));
	}
	clear(&m, Mechanism::Adaptive)
}

/// Mutation 6: Vickrey-MUDA's rationing by value without the Vickrey price (the winning lots pay
/// the half's price): a lot that would be rationed out gains by overstating its value.
fn value_rationing_at_the_half_price(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::VickreyMuda)?;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		for t in &mut cc.trades {
			let w = market.lots.iter().find(|l| l.id == t.lot).unwrap().size as u128;
			t.lot_unit_price = t.ask_unit_price;
			t.lot_pays = t.lot_unit_price * w;
		}
	}
	Ok(c)
}

/// Mutation 7: Vickrey-MUDA pairing its winning lots in lottery order instead of value order:
/// when a seller withholds a unit the rationed set loses its lowest lot, and lottery pairing then
/// reshuffles who serves which lot, so a seller can trade a small lot for a big one.
fn vickrey_muda_lottery_pairing(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::VickreyMuda)?;
	let tiebreak_order = clear(s, Mechanism::Muda)?;
	for ((market, cc), order) in s.classes.iter().zip(&mut c.classes).zip(&tiebreak_order.classes) {
		let rank = |id: u64| {
			let index = market.lots.iter().position(|l| l.id == id).unwrap() as u32;
			order.orders.lots_by_lottery.iter().position(|&i| i == index).unwrap()
		};
		let mut lots: Vec<u64> = cc.trades.iter().map(|t| t.lot).collect();
		lots.sort_by_key(|&id| rank(id));
		for (t, l) in cc.trades.iter_mut().zip(lots) {
			let w = market.lots.iter().find(|x| x.id == l).unwrap().size as u128;
			t.lot = l;
			(t.lot_pays, t.ask_gross) = (t.lot_unit_price * w, t.ask_unit_price * w);
			(t.fee, t.ask_receives) = (0, t.ask_gross);
		}
	}
	Ok(c)
}

/// Mutation 8: the thin posted price with the asks rationed by price instead of the lottery —
/// the cheapest willing asks serve, each paid the grossed-up price of the first ask left out (a
/// "Vickrey" supply side, below `P`). A multi-unit ask that withholds capacity lets a dearer ask
/// in and raises the price of all its own units.
fn posted_price_rationing_asks_by_price(s: &Snapshot) -> Result<Clearing, SnapshotError> {
	let mut c = clear(s, Mechanism::Adaptive)?;
	for (market, cc) in s.classes.iter().zip(&mut c.classes) {
		let (Some(p), true) = (market.posted_price, market.lots.len() >= 2) else { continue };
		let gross = |a: &toda::Ask| toda::gross_up(a.unit_price, s.fee_ppm);
		let mut asks: Vec<_> = market.asks.iter().filter(|a| gross(a) <= p).collect();
		asks.sort_by_key(|a| (gross(a), a.id));
		let mut left = cc.trades.len() as u32;
		let mut sellers = vec![];
		let mut first_out = p;
		for a in asks {
			if left == 0 {
				first_out = gross(a);
				break;
			}
			let take = a.capacity.min(left);
			sellers.extend(std::iter::repeat_n(a.id, take as usize));
			left -= take;
		}
		for (t, ask) in cc.trades.iter_mut().zip(sellers) {
			let w = market.lots.iter().find(|l| l.id == t.lot).unwrap().size as u128;
			t.ask = ask;
			t.ask_unit_price = first_out;
			(t.ask_gross, t.fee, t.ask_receives) = (first_out * w, 0, first_out * w);
		}
	}
	Ok(c)
}

#[test]
fn deviation_search_catches_a_posted_price_rationing_asks_by_price() {
	let strategy = snapshot(6, 4, 4, false, false);
	assert!(finds_multi_unit_violation(&posted_price_rationing_asks_by_price, strategy, 400));
	let strategy = snapshot(6, 4, 4, false, false);
	assert!(!finds_multi_unit_violation(&rule(Mechanism::Adaptive), strategy, 400));
}

#[test]
fn deviation_search_catches_a_posted_price_its_traders_can_move() {
	let strategy = snapshot(4, 1, 3, false, false);
	assert!(finds_multi_unit_violation(&posted_price_from_this_round, strategy, 400));
	let strategy = snapshot(4, 1, 3, false, false);
	assert!(!finds_multi_unit_violation(&rule(Mechanism::Adaptive), strategy, 400));
}

#[test]
fn deviation_search_catches_value_rationing_without_the_vickrey_price() {
	let strategy = snapshot(8, 3, 2, false, false);
	assert!(finds_multi_unit_violation(&value_rationing_at_the_half_price, strategy, 400));
	let strategy = snapshot(8, 3, 2, false, false);
	assert!(!finds_multi_unit_violation(&rule(Mechanism::VickreyMuda), strategy, 400));
}

#[test]
fn deviation_search_catches_vickrey_muda_with_lottery_pairing() {
	let strategy = snapshot(8, 3, 4, false, false);
	assert!(finds_multi_unit_violation(&vickrey_muda_lottery_pairing, strategy, 600));
	let strategy = snapshot(8, 3, 4, false, false);
	assert!(!finds_multi_unit_violation(&rule(Mechanism::VickreyMuda), strategy, 600));
}
