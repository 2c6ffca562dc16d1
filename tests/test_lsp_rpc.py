"""The protocol layer in process (replykit/lsp/rpc.py): framing from a real pipe, the
loop's timers and cross-thread calls, the worker, and requests to the client."""

from __future__ import annotations

import contextlib
import io
import json
import os
import threading
import time
from typing import Any

import pytest

from replykit.lsp.rpc import Connection, Endpoint, FrameReader, Loop, Worker


def frame(body: bytes, *extra: bytes) -> bytes:
    return b"".join(extra) + b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.fixture
def pipe():
    read_fd, write_fd = os.pipe()
    yield FrameReader(read_fd), write_fd
    os.close(read_fd)
    with contextlib.suppress(OSError):  # a test may have closed it
        os.close(write_fd)


def test_frames_in_one_write_with_other_headers_and_bad_lengths(pipe) -> None:
    reader, write_fd = pipe
    data = (
        frame(b'{"a":1}')
        + frame(b'{"b":"\xc3\xa9"}', b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n")
        + b"Content-Length: many\r\n\r\n"  # no usable length: skipped
        + b"content-length: 2\r\n\r\n{}"  # header names are case-insensitive
    )
    os.write(write_fd, data)
    os.close(write_fd)
    assert [reader.message() for _ in range(4)] == [b'{"a":1}', b'{"b":"\xc3\xa9"}', b"{}", None]


def test_a_message_split_byte_by_byte_and_a_short_body(pipe) -> None:
    reader, write_fd = pipe
    data = frame(b'{"method":"initialized"}') + b"Content-Length: 10\r\n\r\n{}"

    def dribble() -> None:
        for byte in data:
            os.write(write_fd, bytes([byte]))
            time.sleep(0.001)
        os.close(write_fd)

    writer = threading.Thread(target=dribble)
    writer.start()
    assert reader.message() == b'{"method":"initialized"}'
    assert reader.message() is None  # 2 of 10 bytes, then the end of input
    writer.join()


def test_timers_run_in_time_order_and_a_cancelled_one_never() -> None:
    loop, ran = Loop(), []
    loop.call_later(0.03, ran.append, "late")
    cancelled = loop.call_later(0.01, ran.append, "cancelled")
    loop.call_later(0.02, ran.append, "early")
    loop.call_later(0.04, loop.stop)
    cancelled.cancel()
    threading.Timer(0.005, loop.call_soon_threadsafe, (ran.append, "from a thread")).start()
    loop.run()
    assert ran == ["from a thread", "early", "late"]


def test_a_failing_callback_does_not_end_the_loop(caplog: pytest.LogCaptureFixture) -> None:
    loop, ran = Loop(), []

    def broken() -> None:
        raise ValueError("boom")

    loop.call_soon_threadsafe(broken)
    loop.call_soon_threadsafe(ran.append, "after")
    loop.call_soon_threadsafe(loop.stop)
    loop.run()
    assert ran == ["after"]
    assert "replykit lsp: broken failed" in caplog.text


def test_the_worker_hands_results_and_errors_back_to_the_loop() -> None:
    loop, answers = Loop(), []
    worker = Worker(loop, "test-worker")

    def on_loop(result: Any, error: Exception | None) -> None:
        answers.append((result, repr(error), threading.current_thread() is main))
        if len(answers) == 2:
            loop.stop()

    def fails() -> None:
        raise RuntimeError("no engine")

    main = threading.current_thread()
    worker.submit(lambda: threading.current_thread().name, on_loop)
    worker.submit(fails, on_loop)
    loop.run()
    worker.stop()
    assert answers == [
        ("test-worker", "None", True),
        (None, "RuntimeError('no engine')", True),
    ]


def test_a_request_to_the_client_gets_its_answer() -> None:
    """Ids the server picks, the answer routed to the callback; an answer to no request
    and a second answer are ignored."""
    out = io.BytesIO()
    endpoint = Endpoint(Connection(FrameReader(-1), out, Loop()))
    endpoint.initialized = True
    got: list[tuple[Any, Any]] = []
    endpoint.request("workspace/configuration", {"items": []}, lambda r, e: got.append((r, e)))
    endpoint.request("window/showMessageRequest", {}, lambda r, e: got.append((r, e)))
    endpoint.receive(b'{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}}')
    endpoint.receive(b'{"jsonrpc":"2.0","id":1,"result":[{"tone":"formal"}]}')
    endpoint.receive(b'{"jsonrpc":"2.0","id":1,"result":"again"}')
    endpoint.receive(b'{"jsonrpc":"2.0","id":99,"result":null}')
    assert got == [(None, {"code": -32601, "message": "no"}), ([{"tone": "formal"}], None)]
    sent = out.getvalue().split(b"\r\n\r\n")
    first = json.loads(sent[1].split(b"Content-Length")[0])
    assert first == {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "workspace/configuration",
        "params": {"items": []},
    }


def test_the_reader_resumes_at_the_next_message_after_a_bad_one(pipe) -> None:
    """A frame with no Content-Length, one whose length is a byte short (a client that
    counted characters, not bytes), and bare LF separators: each bad frame costs itself
    only."""
    reader, write_fd = pipe
    data = (
        b'Content-Type: application/json\r\n\r\n{"no":"length"}'
        + b'Content-Length: 6\r\n\r\n{"a":1}'  # 7 bytes sent, 6 announced
        + frame(b'{"b":2}')
        + b"Content-Length: 2\n\n{}"
    )
    os.write(write_fd, data)
    os.close(write_fd)
    assert [reader.message() for _ in range(4)] == [b'{"a":1', b'{"b":2}', b"{}", None]


def test_header_names_lengths_and_order(pipe, caplog: pytest.LogCaptureFixture) -> None:
    """X-Content-Length is not the length; a length over MAX_MESSAGE is refused (and the
    reader goes on); Content-Type before Content-Length is a header, not noise."""
    from replykit.lsp.rpc import MAX_MESSAGE

    reader, write_fd = pipe
    data = (
        b'X-Content-Length: 3\r\nContent-Length: 7\r\n\r\n{"a":1}'
        + b"Content-Length: %d\r\n\r\n" % (MAX_MESSAGE + 1)
        + frame(b'{"b":2}', b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n")
    )
    os.write(write_fd, data)
    os.close(write_fd)
    assert [reader.message() for _ in range(3)] == [b'{"a":1}', b'{"b":2}', None]
    assert caplog.messages == [
        "replykit lsp: a message without a usable Content-Length, skipped",
    ]
