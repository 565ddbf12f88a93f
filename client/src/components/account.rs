//! The signed-in user's own settings: API tokens.

mod api_tokens;

pub use api_tokens::ApiTokens;
