//! Errors shown the way a user needs them: a failed extrinsic by its pallet and error name with
//! the error's documentation from the metadata, a pool rejection by the pool's message.

use subxt::error::{DispatchError, ModuleError};

/// `Pallet.Error: docs` for a module error, from the metadata.
pub fn module_error(e: &ModuleError) -> String {
	match e.details() {
		Ok(d) => {
			let docs = d.variant.docs.join(" ");
			let docs = docs.trim();
			if docs.is_empty() {
				format!("{}.{}", d.pallet.name(), d.variant.name)
			} else {
				format!("{}.{}: {}", d.pallet.name(), d.variant.name, docs)
			}
		},
		Err(_) => e.details_string(),
	}
}

/// A dispatch error by name.
pub fn dispatch_error(e: &DispatchError) -> String {
	match e {
		DispatchError::Module(m) => module_error(m),
		other => format!("{other}"),
	}
}

/// The most specific description of an error: the chain's error by name and docs if there is
/// one anywhere in the chain of causes, else the whole chain of messages.
pub fn describe(err: &anyhow::Error) -> String {
	for cause in err.chain() {
		if let Some(d) = cause.downcast_ref::<DispatchError>() {
			return format!("the chain refused it: {}", dispatch_error(d));
		}
		if let Some(m) = cause.downcast_ref::<ModuleError>() {
			return format!("the chain refused it: {}", module_error(m));
		}
	}
	err.chain().map(|c| c.to_string()).collect::<Vec<_>>().join(": ")
}

/// The pallet and error name of a failed dispatch, if it is a module error (for tests and logs).
pub fn error_name(err: &anyhow::Error) -> Option<String> {
	err.chain().find_map(|c| {
		let d = c.downcast_ref::<DispatchError>()?;
		match d {
			DispatchError::Module(m) => {
				m.details().ok().map(|d| format!("{}.{}", d.pallet.name(), d.variant.name))
			},
			_ => None,
		}
	})
}
