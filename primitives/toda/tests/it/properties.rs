//! Property tests: every claim the crate docs make, over thousands of random markets, thin ones
//! (one to three traders) and ties included.

use crate::common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use toda::{clear, verify, Budget, Clearing, Mechanism, Snapshot, VerifyError};

fn config(cases: u32) -> ProptestConfig {
	ProptestConfig { cases, ..ProptestConfig::default() }
}

/// IR, feasibility and exact budget identities for one clearing.
fn check_books(s: &Snapshot, c: &Clearing) -> Result<(), TestCaseError> {
	let mut total = Budget::default();
	for (market, cc) in s.classes.iter().zip(&c.classes) {
		let mut per_lot = BTreeMap::new();
		let mut per_ask = BTreeMap::new();
		let mut b = Budget::default();
		for t in &cc.trades {
			let lot = market.lots.iter().find(|l| l.id == t.lot).expect("trade names a real lot");
			let ask = market.asks.iter().find(|a| a.id == t.ask).expect("trade names a real ask");
			// Individual rationality.
			prop_assert!(t.lot_pays <= lot.max_value, "lot pays more than its max: {t:?}");
			prop_assert!(
				t.ask_receives >= ask.unit_price * lot.size as u128,
				"ask paid less than its price × size: {t:?} {ask:?}"
			);
			prop_assert_eq!(t.lot_pays, t.lot_unit_price * lot.size as u128);
			prop_assert_eq!(t.ask_gross, t.ask_unit_price * lot.size as u128);
			prop_assert_eq!(t.ask_gross, t.ask_receives + t.fee);
			*per_lot.entry(t.lot).or_insert(0u32) += 1;
			*per_ask.entry(t.ask).or_insert(0u32) += 1;
			b.paid_by_lots += t.lot_pays;
			b.received_by_asks += t.ask_receives;
			b.fee += t.fee;
			b.surplus += t.lot_pays as i128 - t.ask_gross as i128;
		}
		// Feasibility: a lot trades once, an ask within its capacity.
		prop_assert!(per_lot.values().all(|&n| n == 1));
		for (id, n) in per_ask {
			let cap = market.asks.iter().find(|a| a.id == id).unwrap().capacity;
			prop_assert!(n <= cap);
		}
		prop_assert_eq!(b, cc.budget);
		total.paid_by_lots += b.paid_by_lots;
		total.received_by_asks += b.received_by_asks;
		total.fee += b.fee;
		total.surplus += b.surplus;
	}
	prop_assert_eq!(total, c.budget);
	// Budget balance, exactly in integers.
	prop_assert_eq!(
		c.budget.paid_by_lots as i128,
		c.budget.received_by_asks as i128 + c.budget.fee as i128 + c.budget.surplus
	);
	match c.mechanism {
		Mechanism::McAfee | Mechanism::VickreyMuda | Mechanism::Adaptive => {
			prop_assert!(c.budget.surplus >= 0)
		},
		Mechanism::Sbba | Mechanism::Muda => prop_assert_eq!(c.budget.surplus, 0),
		Mechanism::Vcg => prop_assert!(c.budget.surplus <= 0),
	}
	Ok(())
}

/// Every single-field mutation of a clearing, with a label.
fn mutations(c: &Clearing) -> Vec<(String, Clearing)> {
	let mut out = Vec::new();
	let mut push = |label: String, f: &dyn Fn(&mut Clearing)| {
		let mut m = c.clone();
		f(&mut m);
		if m != *c {
			out.push((label, m));
		}
	};
	push("round+1".into(), &|m| m.round = m.round.wrapping_add(1));
	for mech in Mechanism::ALL {
		push(format!("mechanism={mech:?}"), &|m| m.mechanism = mech);
	}
	push("budget.paid+1".into(), &|m| m.budget.paid_by_lots += 1);
	push("budget.received+1".into(), &|m| m.budget.received_by_asks += 1);
	push("budget.fee+1".into(), &|m| m.budget.fee += 1);
	push("budget.surplus-1".into(), &|m| m.budget.surplus -= 1);
	for ci in 0..c.classes.len() {
		push(format!("class[{ci}].id+1"), &|m| m.classes[ci].class += 1);
		push(format!("class[{ci}].budget.fee+1"), &|m| m.classes[ci].budget.fee += 1);
		push(format!("class[{ci}].budget.surplus+1"), &|m| m.classes[ci].budget.surplus += 1);
		for pi in 0..c.classes[ci].prices.len() {
			push(format!("class[{ci}].prices[{pi}].lot+1"), &|m| m.classes[ci].prices[pi].lot += 1);
			push(format!("class[{ci}].prices[{pi}].ask-1"), &|m| {
				m.classes[ci].prices[pi].ask = m.classes[ci].prices[pi].ask.wrapping_sub(1)
			});
		}
		push(format!("class[{ci}].reference_price+1"), &|m| {
			let p = &mut m.classes[ci].reference_price;
			*p = Some(p.map_or(0, |p| p + 1));
		});
		push(format!("class[{ci}].reference_price=None"), &|m| {
			m.classes[ci].reference_price = None
		});
		push(format!("class[{ci}].prices.push"), &|m| {
			m.classes[ci].prices.push(Default::default())
		});
		let n = c.classes[ci].trades.len();
		for ti in 0..n {
			let f = |label: &str| format!("class[{ci}].trades[{ti}].{label}");
			push(f("lot+1"), &|m| m.classes[ci].trades[ti].lot += 1);
			push(f("ask+1"), &|m| m.classes[ci].trades[ti].ask += 1);
			push(f("lot_unit_price+1"), &|m| m.classes[ci].trades[ti].lot_unit_price += 1);
			push(f("ask_unit_price+1"), &|m| m.classes[ci].trades[ti].ask_unit_price += 1);
			push(f("lot_pays-1"), &|m| {
				m.classes[ci].trades[ti].lot_pays =
					m.classes[ci].trades[ti].lot_pays.wrapping_sub(1)
			});
			push(f("ask_gross+1"), &|m| m.classes[ci].trades[ti].ask_gross += 1);
			push(f("fee+1"), &|m| m.classes[ci].trades[ti].fee += 1);
			push(f("ask_receives+1"), &|m| m.classes[ci].trades[ti].ask_receives += 1);
			push(f("removed"), &|m| {
				m.classes[ci].trades.remove(ti);
			});
			push(f("duplicated"), &|m| {
				let t = m.classes[ci].trades[ti];
				m.classes[ci].trades.push(t);
			});
			if ti + 1 < n {
				push(f("swap asks with next"), &|m| {
					let a = m.classes[ci].trades[ti].ask;
					m.classes[ci].trades[ti].ask = m.classes[ci].trades[ti + 1].ask;
					m.classes[ci].trades[ti + 1].ask = a;
				});
				push(f("swap with next"), &|m| m.classes[ci].trades.swap(ti, ti + 1));
			}
		}
		let orders = &c.classes[ci].orders;
		let lens = [
			orders.lots_by_value.len(),
			orders.asks_by_price.len(),
			orders.lots_by_lottery.len(),
			orders.asks_by_lottery.len(),
		];
		for (which, len) in lens.into_iter().enumerate() {
			for i in 0..len {
				if i + 1 < len {
					push(format!("class[{ci}].order[{which}] swap {i}"), &|m| {
						let v = order_mut(m, ci, which);
						v.swap(i, i + 1);
					});
				}
				push(format!("class[{ci}].order[{which}][{i}]+1"), &|m| {
					let v = order_mut(m, ci, which);
					v[i] += 1;
				});
			}
			push(format!("class[{ci}].order[{which}] truncated"), &|m| {
				order_mut(m, ci, which).pop();
			});
		}
	}
	out
}

fn order_mut(m: &mut Clearing, ci: usize, which: usize) -> &mut Vec<u32> {
	let o = &mut m.classes[ci].orders;
	match which {
		0 => &mut o.lots_by_value,
		1 => &mut o.asks_by_price,
		2 => &mut o.lots_by_lottery,
		_ => &mut o.asks_by_lottery,
	}
}

proptest! {
	#![proptest_config(config(3000))]

	/// IR, feasibility and budget balance for every mechanism, with and without fees, single- and
	/// multi-unit asks.
	#[test]
	fn books_balance_and_traders_are_rational(s in snapshot(8, 8, 4, true, true)) {
		for m in Mechanism::ALL {
			let c = clear(&s, m).unwrap();
			check_books(&s, &c)?;
		}
	}

	/// `verify` accepts every honest clearing, and a clearing is deterministic and independent of
	/// the order in which the snapshot lists lots and asks.
	#[test]
	fn verify_accepts_clear_and_clear_is_deterministic(s in snapshot(8, 8, 4, true, true), rot in 0usize..8) {
		for m in Mechanism::ALL {
			let c = clear(&s, m).unwrap();
			prop_assert_eq!(verify(&s, &c), Ok(()));
			prop_assert_eq!(&clear(&s, m).unwrap(), &c);
			let mut shuffled = s.clone();
			for class in &mut shuffled.classes {
				let (nl, na) = (class.lots.len().max(1), class.asks.len().max(1));
				class.lots.rotate_left(rot % nl);
				class.asks.reverse();
				class.asks.rotate_left(rot % na);
			}
			let c2 = clear(&shuffled, m).unwrap();
			let trades = |c: &Clearing| c.classes.iter().map(|x| x.trades.clone()).collect::<Vec<_>>();
			prop_assert_eq!(trades(&c2), trades(&c));
			prop_assert_eq!(c2.budget, c.budget);
		}
	}
}

proptest! {
	#![proptest_config(config(600))]

	/// Every single-field mutation of a clearing is rejected, unless it is itself exactly the
	/// clearing of the mechanism it names (e.g. an empty clearing relabelled McAfee → SBBA).
	#[test]
	fn verify_rejects_every_single_field_mutation(s in snapshot(6, 6, 3, true, true)) {
		for m in Mechanism::ALL {
			let c = clear(&s, m).unwrap();
			for (label, mutated) in mutations(&c) {
				let honest = clear(&s, mutated.mechanism).unwrap();
				let verdict = verify(&s, &mutated);
				if mutated == honest {
					prop_assert_eq!(verdict, Ok(()), "{}", label);
				} else {
					prop_assert!(verdict.is_err(), "mutation {label} of {m:?} was accepted");
				}
			}
		}
	}
}

proptest! {
	#![proptest_config(config(1500))]

	/// Truthfulness for single-unit traders: no unilateral misreport of a lot's value or an ask's
	/// price (searched over every price in the market ±1 and random values) raises utility, in
	/// markets whose lots have different sizes. Values are whole unit values and there is no fee
	/// here, so arithmetic is exact; rounding (fractional unit values, the fee's gross-up) is
	/// covered by the rounding test below.
	#[test]
	fn single_unit_traders_cannot_gain_by_misreporting(
		s in snapshot(5, 5, 1, false, false),
		extra in prop::collection::vec(0u128..60, 3),
	) {
		for m in Mechanism::ALL {
			let found = best_deviation(&s, &rule(m), true, &extra);
			prop_assert!(found.is_none(), "{m:?}: profitable deviation {found:?} in {s:?}");
		}
	}

	/// MUDA, Vickrey-MUDA and the adaptive default stay truthful for multi-unit asks (price and
	/// capacity misreports), and for lots of different sizes. No fee, so arithmetic is exact (the
	/// fee's rounding is bounded by the rounding test).
	#[test]
	fn multi_unit_asks_cannot_gain_by_misreporting(s in snapshot(6, 4, 4, false, false)) {
		for m in [Mechanism::Muda, Mechanism::VickreyMuda, Mechanism::Adaptive] {
			let found = best_deviation(&s, &rule(m), false, &[]);
			prop_assert!(found.is_none(), "{m:?}: profitable deviation {found:?} in {s:?}");
		}
	}

	/// Rounding: a lot whose value is not a multiple of its size bids `⌊max_value / size⌋` per unit,
	/// and a fee's gross-up `⌈a / (1 − fee)⌉` rounds an ask up. What a misreport can win back is
	/// at most that rounding: one base unit per unit of size (`gain ≤ size`), and only when
	/// something was rounded.
	#[test]
	fn rounding_gains_stay_within_one_unit_per_size(s in snapshot(5, 5, 1, true, true)) {
		for m in Mechanism::ALL {
			if let Some(d) = best_deviation(&s, &rule(m), true, &[]) {
				let class = &s.classes[d.who.1];
				let max_size = class.lots.iter().map(|l| l.size).max().unwrap_or(1) as i128;
				prop_assert!(d.gain <= max_size, "{:?}: {:?}", m, d);
				let rounded = s.fee_ppm > 0 ||
					class.lots.iter().any(|l| l.max_value % l.size as u128 != 0);
				prop_assert!(rounded, "{:?}: gain without rounding {:?}", m, d);
			}
		}
	}
}

proptest! {
	#![proptest_config(config(1500))]

	/// Issue 18, thin markets: under McAfee a class with one lot and two or more asks trades
	/// whenever the second-cheapest ask's grossed-up price `a′` is within the lot's unit value —
	/// the cheapest ask serves it and both pay and receive exactly `a′` per unit — and a lone lot
	/// with one ask does not trade. Fees, capacities and fractional unit values included.
	#[test]
	fn a_lone_lot_trades_at_the_second_cheapest_ask(s in snapshot(1, 5, 3, true, true)) {
		let c = clear(&s, Mechanism::McAfee).unwrap();
		for (market, cc) in s.classes.iter().zip(&c.classes) {
			let [lot] = &market.lots[..] else { continue };
			let mut gross: Vec<u128> =
				market.asks.iter().map(|a| toda::gross_up(a.unit_price, s.fee_ppm)).collect();
			gross.sort_unstable();
			match gross[..] {
				[cheapest, second, ..] if second <= lot.unit_value() => {
					prop_assert_eq!(cc.trades.len(), 1);
					let t = cc.trades[0];
					let ask = market.asks.iter().find(|a| a.id == t.ask).unwrap();
					prop_assert_eq!(toda::gross_up(ask.unit_price, s.fee_ppm), cheapest);
					prop_assert_eq!((t.lot_unit_price, t.ask_unit_price), (second, second));
					prop_assert_eq!(t.lot_pays, second * lot.size as u128);
					prop_assert_eq!(cc.budget.surplus, 0);
				},
				_ => prop_assert!(cc.trades.is_empty()),
			}
		}
	}

	/// The lone-lot rule is truthful for multi-unit asks too (price and capacity misreports),
	/// and for the lot.
	#[test]
	fn a_lone_lot_and_multi_unit_asks_cannot_gain_by_misreporting(
		s in snapshot(1, 4, 4, false, false),
	) {
		let found = best_deviation(&s, &rule(Mechanism::McAfee), false, &[]);
		prop_assert!(found.is_none(), "McAfee lone lot: profitable deviation {found:?} in {s:?}");
	}
}

proptest! {
	#![proptest_config(config(1500))]

	/// Issue 18, thin classes under the adaptive default (fewer lots than `THIN_LOTS`, not the
	/// lone-lot case). With a posted price `P`: every ask whose grossed-up price is at most `P`
	/// is willing with its whole capacity, every lot with `ρ ≥ P`; exactly `min(willing lots,
	/// willing units)` trade; the winning lots are the highest-valued willing ones and pay the
	/// first excluded willing lot's value (or `P`); asks receive exactly `P`, only willing asks
	/// serve, none beyond its capacity, and at most one is cut short. Without a posted price: the
	/// clearing of McAfee on the same class with every capacity 1 (no trade with one ask).
	#[test]
	fn a_thin_class_trades_at_its_posted_price(s in snapshot(6, 4, 4, true, true)) {
		let c = clear(&s, Mechanism::Adaptive).unwrap();
		let mut unit = s.clone();
		unit.classes.iter_mut().flat_map(|m| &mut m.asks).for_each(|a| a.capacity = 1);
		let unit_mcafee = clear(&unit, Mechanism::McAfee).unwrap();
		for (ci, (market, cc)) in s.classes.iter().zip(&c.classes).enumerate() {
			if market.lots.len() == 1 && market.asks.len() >= 2 {
				continue; // the second-price sale: its own test
			}
			let Some(p) = market.posted_price else {
				let expected =
					if market.asks.len() >= 2 { unit_mcafee.classes[ci].trades.clone() } else { vec![] };
				prop_assert_eq!(&cc.trades, &expected);
				continue;
			};
			let gross = |a: &toda::Ask| toda::gross_up(a.unit_price, s.fee_ppm);
			let mut willing: Vec<u128> =
				market.lots.iter().map(|l| l.unit_value()).filter(|&r| r >= p).collect();
			willing.sort_unstable_by(|a, b| b.cmp(a));
			let units: u64 =
				market.asks.iter().filter(|a| gross(a) <= p).map(|a| u64::from(a.capacity)).sum();
			let volume = (willing.len() as u64).min(units) as usize;
			prop_assert_eq!(cc.trades.len(), volume);
			if volume == 0 {
				continue;
			}
			let lot_price = willing.get(volume).copied().unwrap_or(p);
			let mut served = std::collections::BTreeMap::<u64, u32>::new();
			for t in &cc.trades {
				let lot = market.lots.iter().find(|l| l.id == t.lot).unwrap();
				let ask = market.asks.iter().find(|a| a.id == t.ask).unwrap();
				prop_assert!(lot.unit_value() >= willing[volume - 1]);
				prop_assert!(gross(ask) <= p);
				prop_assert_eq!((t.lot_unit_price, t.ask_unit_price), (lot_price, p));
				prop_assert_eq!(t.ask_gross, p * lot.size as u128);
				*served.entry(ask.id).or_default() += 1;
			}
			let cut_short = market
				.asks
				.iter()
				.filter(|a| served.get(&a.id).is_some_and(|&n| n < a.capacity))
				.count();
			prop_assert!(cut_short <= 1);
			for a in &market.asks {
				prop_assert!(served.get(&a.id).copied().unwrap_or(0) <= a.capacity);
			}
		}
	}

	/// The reference price lies in the class's competitive interval, recomputed here the naive
	/// way (every ask unit listed with its ask): `[max(a(k), ρ(k+1)), min(ρ(k), a′)]`, `a′` the
	/// first unit after `k` of another ask (asks in the certified price order); `None` iff `k = 0`.
	#[test]
	fn the_reference_price_clears_the_reports(s in snapshot(8, 6, 4, true, true)) {
		let c = clear(&s, Mechanism::McAfee).unwrap();
		for (market, cc) in s.classes.iter().zip(&c.classes) {
			let mut rho: Vec<u128> = market.lots.iter().map(|l| l.unit_value()).collect();
			rho.sort_unstable_by(|a, b| b.cmp(a));
			// Asks in the clearing's certified price order (equal prices broken by the seeded hash,
			// which decides whose unit is the k-th).
			let asks: Vec<(u128, u64, u32)> = cc
				.orders
				.asks_by_price
				.iter()
				.map(|&i| &market.asks[i as usize])
				.map(|a| (toda::gross_up(a.unit_price, s.fee_ppm), a.id, a.capacity))
				.collect();
			prop_assert!(asks.windows(2).all(|w| w[0].0 <= w[1].0));
			let units: Vec<(u128, u64)> = asks
				.iter()
				.flat_map(|&(p, id, cap)| std::iter::repeat_n((p, id), cap as usize))
				.collect();
			let k = rho.iter().zip(&units).take_while(|(r, a)| **r >= a.0).count();
			let Some(p) = cc.reference_price else {
				prop_assert_eq!(k, 0);
				continue;
			};
			prop_assert!(k > 0);
			let owner = units[k - 1].1;
			let other = units[k..].iter().find(|u| u.1 != owner).map(|u| u.0);
			let lo = units[k - 1].0.max(rho.get(k).copied().unwrap_or(0));
			let hi = rho[k - 1].min(other.unwrap_or(u128::MAX));
			prop_assert!(lo <= hi, "empty interval [{}, {}]", lo, hi);
			prop_assert_eq!(p, lo + (hi - lo) / 2);
			prop_assert_eq!(Ok(Some(p)), toda::reference_price(market, s.seed, s.fee_ppm));
		}
	}

	/// The posted price is truthful for the lone ask whatever its capacity, and for the lots.
	#[test]
	fn a_lone_ask_and_its_lots_cannot_gain_by_misreporting(s in snapshot(5, 1, 4, false, false)) {
		// (Thin classes with several asks: `multi_unit_asks_cannot_gain_by_misreporting`.)
		let found = best_deviation(&s, &rule(Mechanism::Adaptive), false, &[]);
		prop_assert!(found.is_none(), "posted price: profitable deviation {found:?} in {s:?}");
	}
}

/// Thin markets: one to three traders in total, every mechanism, exhaustively small values.
#[test]
fn thin_markets_are_rational_balanced_and_verifiable() {
	use toda::{Ask, ClassMarket, Lot};
	let mut count = 0;
	for n_lots in 0..=2usize {
		for n_asks in 0..=(3 - n_lots).min(2) {
			for values in 0..(4u32.pow((n_lots + n_asks) as u32)) {
				let digit = |i: usize| ((values / 4u32.pow(i as u32)) % 4) as u128 * 3;
				let lots = (0..n_lots)
					.map(|i| Lot { id: i as u64, max_value: digit(i) * 2, size: 2 })
					.collect();
				let asks = (0..n_asks)
					.map(|i| Ask { id: i as u64, unit_price: digit(n_lots + i), capacity: 1 })
					.collect();
				let s = Snapshot {
					round: 1,
					seed: [values as u8; 32],
					fee_ppm: 0,
					classes: vec![ClassMarket { class: 0, lots, asks, posted_price: None }],
				};
				for m in Mechanism::ALL {
					let c = clear(&s, m).unwrap();
					check_books(&s, &c).unwrap();
					assert_eq!(verify(&s, &c), Ok(()));
					assert!(best_deviation(&s, &rule(m), true, &[]).is_none(), "{m:?} {s:?}");
					count += 1;
				}
			}
		}
	}
	assert!(count > 100);
}

/// The literature's test vectors (erelsgl/auctions doctests).
#[test]
fn textbook_vectors() {
	use toda::{Ask, ClassMarket, Lot};
	let market = |lots: &[u128], asks: &[u128]| Snapshot {
		round: 0,
		seed: [9; 32],
		fee_ppm: 0,
		classes: vec![ClassMarket {
			class: 0,
			lots: lots
				.iter()
				.enumerate()
				.map(|(i, &v)| Lot { id: i as u64, max_value: v, size: 1 })
				.collect(),
			asks: asks
				.iter()
				.enumerate()
				.map(|(i, &p)| Ask { id: i as u64, unit_price: p, capacity: 1 })
				.collect(),
			posted_price: None,
		}],
	};
	// Buyers [9, 8], sellers [3, 4]: McAfee reduces to one trade, buyer 9 pays 8, seller 3 gets 4.
	let c = clear(&market(&[9, 8], &[3, 4]), Mechanism::McAfee).unwrap();
	assert_eq!(c.classes[0].trades.len(), 1);
	let t = c.classes[0].trades[0];
	assert_eq!((t.lot, t.ask, t.lot_pays, t.ask_receives), (0, 0, 8, 4));
	assert_eq!(c.budget.surplus, 4);
	// SBBA: buyer 9 pays 8; one of the sellers, by lottery, receives 8.
	let c = clear(&market(&[9, 8], &[3, 4]), Mechanism::Sbba).unwrap();
	let t = c.classes[0].trades[0];
	assert_eq!((c.classes[0].trades.len(), t.lot, t.lot_pays, t.ask_receives), (1, 0, 8, 8));
	// A lone buyer [9], sellers [3, 8]: trade reduction would remove the only trade; the
	// second-cheapest ask prices it — the buyer pays 8, the seller at 3 receives 8.
	let c = clear(&market(&[9], &[3, 8]), Mechanism::McAfee).unwrap();
	let t = c.classes[0].trades[0];
	assert_eq!(
		(c.classes[0].trades.len(), t.lot, t.ask, t.lot_pays, t.ask_receives),
		(1, 0, 0, 8, 8)
	);
	assert!(clear(&market(&[7], &[3, 8]), Mechanism::McAfee).unwrap().classes[0]
		.trades
		.is_empty());
	assert!(clear(&market(&[9], &[3]), Mechanism::McAfee).unwrap().classes[0]
		.trades
		.is_empty());
	// Sellers [3, 8], buyers [9, 4]: k = 1, p₀ = (4 + 8)/2 = 6 ∈ [3, 9]: trade at 6, no reduction.
	let c = clear(&market(&[9, 4], &[3, 8]), Mechanism::McAfee).unwrap();
	let t = c.classes[0].trades[0];
	assert_eq!(
		(c.classes[0].trades.len(), t.lot, t.ask, t.lot_pays, t.ask_receives),
		(1, 0, 0, 6, 6)
	);
}

/// Invalid snapshots are refused by both `clear` and `verify`, with the specific error.
#[test]
fn invalid_snapshots_are_refused() {
	use toda::{Ask, ClassMarket, Lot, SnapshotError};
	let good = Snapshot {
		round: 1,
		seed: [0; 32],
		fee_ppm: 0,
		classes: vec![ClassMarket {
			class: 0,
			lots: vec![
				Lot { id: 1, max_value: 10, size: 1 },
				Lot { id: 2, max_value: 10, size: 1 },
			],
			asks: vec![Ask { id: 1, unit_price: 1, capacity: 1 }],
			posted_price: None,
		}],
	};
	let honest = clear(&good, Mechanism::McAfee).unwrap();
	let cases: Vec<(Box<dyn Fn(&mut Snapshot)>, SnapshotError)> = vec![
		(Box::new(|s| s.fee_ppm = toda::MAX_FEE_PPM + 1), SnapshotError::FeeTooHigh),
		(Box::new(|s| s.classes[0].lots[1].id = 1), SnapshotError::DuplicateLot),
		(
			Box::new(|s| s.classes[0].asks.push(Ask { id: 1, unit_price: 2, capacity: 1 })),
			SnapshotError::DuplicateAsk,
		),
		(Box::new(|s| s.classes[0].lots[0].size = 0), SnapshotError::ZeroSize),
		(
			Box::new(|s| s.classes[0].lots[0].max_value = toda::MAX_VALUE + 1),
			SnapshotError::ValueTooLarge,
		),
		(Box::new(|s| s.classes[0].asks[0].capacity = 0), SnapshotError::BadCapacity),
		(
			Box::new(|s| {
				let c = s.classes[0].clone();
				s.classes.push(c);
			}),
			SnapshotError::DuplicateClass,
		),
	];
	for (mutate, error) in cases {
		let mut s = good.clone();
		mutate(&mut s);
		assert_eq!(clear(&s, Mechanism::McAfee), Err(error));
		if error != SnapshotError::DuplicateLot && error != SnapshotError::DuplicateAsk {
			assert_eq!(verify(&s, &honest), Err(VerifyError::Snapshot(error)));
		} else {
			assert!(verify(&s, &honest).is_err());
		}
	}
}

/// The adaptive switch at its thresholds: a class of `THIN_LOTS` lots or more clears exactly as
/// Vickrey-MUDA whatever its history, one of `THIN_LOTS_WITHOUT_HISTORY` or more without history
/// too; one lot fewer with a posted price trades at it (every ask receives `P`), one lot fewer
/// without history is unit McAfee.
#[test]
fn the_adaptive_switch_follows_its_thresholds() {
	use toda::adaptive::{THIN_LOTS, THIN_LOTS_WITHOUT_HISTORY};
	use toda::{Ask, ClassMarket, Lot};
	let market = |lots: usize, posted_price: Option<u128>| ClassMarket {
		class: 0,
		lots: (0..lots as u64)
			.map(|i| Lot {
				id: i,
				max_value: (40 + i as u128 % 60) * (1 + i as u128 % 7),
				size: 1 + (i % 7) as u32,
			})
			.collect(),
		asks: (0..12u64)
			.map(|i| Ask { id: i, unit_price: 10 + 5 * i as u128, capacity: 1 + (i % 3) as u32 })
			.collect(),
		posted_price,
	};
	let clear_one = |m: ClassMarket, mech| {
		let s = Snapshot { round: 1, seed: [9; 32], fee_ppm: 10_000, classes: vec![m] };
		clear(&s, mech).unwrap().classes.remove(0)
	};
	for (lots, posted) in [
		(THIN_LOTS, Some(50)),
		(THIN_LOTS + 1, Some(50)),
		(THIN_LOTS_WITHOUT_HISTORY, None),
		(THIN_LOTS - 1, None),
	] {
		let adaptive = clear_one(market(lots, posted), Mechanism::Adaptive);
		let vickrey = clear_one(market(lots, posted), Mechanism::VickreyMuda);
		assert_eq!(adaptive, vickrey, "{lots} lots, posted {posted:?}");
	}
	let below = clear_one(market(THIN_LOTS - 1, Some(50)), Mechanism::Adaptive);
	assert!(!below.trades.is_empty());
	assert!(below.trades.iter().all(|t| t.ask_unit_price == 50), "the posted price");
	let mut unit = market(THIN_LOTS_WITHOUT_HISTORY - 1, None);
	let adaptive = clear_one(unit.clone(), Mechanism::Adaptive);
	unit.asks.iter_mut().for_each(|a| a.capacity = 1);
	let mcafee = clear_one(unit, Mechanism::McAfee);
	// The same trades and prices (the reference price reads the real capacities).
	assert_eq!(adaptive.trades, mcafee.trades);
	assert_eq!(adaptive.prices, mcafee.prices);
}
