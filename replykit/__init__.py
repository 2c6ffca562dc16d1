"""replykit: draft and lint customer-support email replies."""

__version__ = "0.1.0"
