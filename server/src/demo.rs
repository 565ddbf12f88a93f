pub async fn load_if_empty(_s: &crate::state::AppState) -> anyhow::Result<()> { Ok(()) }
