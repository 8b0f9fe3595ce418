//! Pallet configurations, one module per concern.

mod consensus;
pub mod governance;
mod market;
mod money;
mod system;

pub use market::StakingPalletId;
pub use money::{TreasuryAccount, TreasuryPalletId, WEIGHT_FEE_PER_PICOSECOND};
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
