"""Grammar and spelling engines (Harper built in, LanguageTool by server or install).

The notice for a run without grammar lives here, where reading it costs nothing: a lint
of one reply with nothing configured never imports the engines' settings.
"""

ENV_SERVER = "REPLYKIT_LANGUAGETOOL"
OFF_NOTICE = (
    "grammar and spelling are off for a single reply (they cost about a second to load): "
    'turn them on with --grammar harper or [grammar] engine = "harper", or point replykit '
    f"at a LanguageTool server with {ENV_SERVER}=http://localhost:8081 (see README)"
)
