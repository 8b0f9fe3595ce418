//! Block-indexed work queues that never refuse work and never overrun a block.
//!
//! The escrow's timers and the slashing pallet's pending slashes are keyed by the block they are
//! due at, with no bound per block: scheduling is O(1) and cannot fail, so no call is refused
//! because many lots happen to fall due together (an auction clearing assigns hundreds at once).
//! Each block runs at most `max_items` due items, oldest block first, and at most `max_walk`
//! blocks are looked at; what does not fit stays queued and runs in the next blocks. A cursor
//! remembers the oldest block that may still hold items.
//!
//! Items therefore run *at or after* their block. Every user re-checks its condition when an item
//! runs (a lot still assigned and past due, a slash still pending), so lateness only delays, it
//! never changes an outcome.

use sp_runtime::traits::{One, Saturating};

/// Blocks one [`drain`] looks at, at most: a cursor left behind by a backlog catches up over
/// empty blocks this fast.
pub const MAX_WALK: u32 = 64;

/// What one [`drain`] did, for the caller's weight and its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drained<B> {
	/// The new cursor: the oldest block that may still hold items.
	pub cursor: B,
	/// Items run.
	pub items: u32,
	/// Blocks looked at (each one storage read).
	pub walked: u32,
}

/// Runs due items from `cursor` up to `now`: at most `max_items` items over at most `max_walk`
/// blocks. `take(block, n)` removes and returns up to `n` items of `block` and whether the block
/// is now empty; `run` runs one.
pub fn drain<B, K>(
	cursor: B,
	now: B,
	max_items: u32,
	max_walk: u32,
	mut take: impl FnMut(B, u32) -> (alloc::vec::Vec<K>, bool),
	mut run: impl FnMut(K),
) -> Drained<B>
where
	B: Copy + PartialOrd + Saturating + One,
{
	let mut out = Drained { cursor, items: 0, walked: 0 };
	while out.cursor <= now && out.walked < max_walk {
		let room = max_items - out.items;
		if room == 0 {
			break;
		}
		out.walked += 1;
		let (items, empty) = take(out.cursor, room);
		out.items += items.len() as u32;
		items.into_iter().for_each(&mut run);
		if !empty {
			break;
		}
		out.cursor = out.cursor.saturating_add(One::one());
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::{collections::BTreeMap, vec::Vec};

	/// A queue as a map block → items, drained like the pallets do.
	fn run(
		queue: &mut BTreeMap<u32, Vec<u32>>,
		cursor: u32,
		now: u32,
		max: u32,
		walk: u32,
	) -> (Drained<u32>, Vec<u32>) {
		let mut ran = Vec::new();
		let d = drain(
			cursor,
			now,
			max,
			walk,
			|b, n| {
				let items = queue.entry(b).or_default();
				let taken: Vec<u32> = items.drain(..items.len().min(n as usize)).collect();
				(taken, items.is_empty())
			},
			|k| ran.push(k),
		);
		(d, ran)
	}

	#[test]
	fn runs_due_items_in_block_order_and_spills_the_rest() {
		let mut q = BTreeMap::from([(3, vec![1, 2, 3]), (4, vec![4]), (9, vec![5])]);
		let (d, ran) = run(&mut q, 1, 5, 2, 100);
		assert_eq!(ran, vec![1, 2]);
		assert_eq!(d, Drained { cursor: 3, items: 2, walked: 3 });
		let (d, ran) = run(&mut q, d.cursor, 6, 2, 100);
		assert_eq!(ran, vec![3, 4]);
		assert_eq!(d, Drained { cursor: 5, items: 2, walked: 2 });
		let (d, ran) = run(&mut q, d.cursor, 7, 2, 100);
		assert!(ran.is_empty());
		assert_eq!(d, Drained { cursor: 8, items: 0, walked: 3 });
		// Nothing runs before its block.
		let (d, ran) = run(&mut q, d.cursor, 8, 2, 100);
		assert!(ran.is_empty() && d.cursor == 9);
		let (_, ran) = run(&mut q, d.cursor, 9, 2, 100);
		assert_eq!(ran, vec![5]);
	}

	#[test]
	fn walks_at_most_max_walk_blocks() {
		let mut q = BTreeMap::from([(50, vec![7])]);
		let (d, ran) = run(&mut q, 1, 60, 8, 16);
		assert!(ran.is_empty());
		assert_eq!(d, Drained { cursor: 17, items: 0, walked: 16 });
		let (d, _) = run(&mut q, d.cursor, 61, 8, 16);
		let (d, _) = run(&mut q, d.cursor, 62, 8, 16);
		let (_, ran) = run(&mut q, d.cursor, 63, 8, 16);
		assert_eq!(ran, vec![7]);
	}
}
