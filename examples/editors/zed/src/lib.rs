//! Zed starts `replykit lsp` for plain-text files and passes the settings under
//! `lsp.replykit` in settings.json (initialization_options and settings).
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Replykit;

impl zed::Extension for Replykit {
    fn new() -> Self {
        Replykit
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree
            .which("replykit")
            .ok_or("replykit is not on PATH: pip install 'replykit[lsp]'")?;
        Ok(zed::Command {
            command,
            args: vec!["lsp".into()],
            env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings);
        Ok(settings.map(|s| zed::serde_json::json!({ "replykit": s })))
    }
}

zed::register_extension!(Replykit);
