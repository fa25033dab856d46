"""The SSE parser, against the same rules as @coze/runtime's: line endings, comments, multi-line data, ids, retry,
UTF-8 and CRLF split across chunks, and a last event without its blank line. A property test feeds the same bytes
split at random cut points and compares with the unsplit parse."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coze._runtime.sse import ServerSentEvent, SSEParser


def parse(*chunks: bytes) -> list[ServerSentEvent]:
    parser = SSEParser()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(parser.feed(chunk))
    events.extend(parser.end())
    return events


def pairs(*chunks: bytes) -> list[tuple[str, str]]:
    return [(e.event, e.data) for e in parse(*chunks)]


def test_event_and_data() -> None:
    assert pairs(b"event: chat.created\ndata: {}\n\n") == [("chat.created", "{}")]


def test_an_event_without_a_name_is_a_message() -> None:
    assert pairs(b"data: x\n\n") == [("message", "x")]


def test_multi_line_data_is_joined_with_newlines() -> None:
    assert pairs(b"data: a\ndata: b\ndata:c\n\n") == [("message", "a\nb\nc")]


def test_crlf_and_cr_line_endings() -> None:
    assert pairs(b"event: e\r\ndata: 1\r\n\r\nevent: f\rdata: 2\r\r") == [("e", "1"), ("f", "2")]


def test_a_crlf_split_between_chunks_is_one_line_ending() -> None:
    assert pairs(b"data: 1\r", b"\n\r", b"\ndata: 2\r\n\r\n") == [("message", "1"), ("message", "2")]


def test_an_empty_chunk_does_not_split_a_crlf() -> None:
    assert pairs(b"data: 1\r", b"", b"\n\r\n") == [("message", "1")]


def test_comments_and_unknown_fields_are_ignored() -> None:
    assert pairs(b": keep-alive\nfoo: bar\ndata: x\n\n:\n\n") == [("message", "x")]


def test_utf8_split_inside_a_character() -> None:
    raw = "data: 你好\n\n".encode()
    assert pairs(raw[:7], raw[7:]) == [("message", "你好")]


def test_id_persists_and_retry_is_per_event() -> None:
    events = parse(b"id: 7\nretry: 250\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nretry: soon\ndata: d\n\n")
    assert [(e.id, e.retry) for e in events] == [("7", 250), ("7", None), ("7", None), ("7", None)]


def test_a_field_without_a_colon_and_an_empty_data_line() -> None:
    assert pairs(b"data\n\ndata:\n\n") == [("message", ""), ("message", "")]


def test_an_event_name_without_data_dispatches_nothing_and_resets() -> None:
    assert pairs(b"event: lonely\n\ndata: x\n\n") == [("message", "x")]


def test_the_last_event_without_its_blank_line_is_dispatched_at_the_end() -> None:
    assert pairs(b"event: done\ndata: [DONE]") == [("done", "[DONE]")]
    assert pairs(b"event: done\ndata: [DONE]\n") == [("done", "[DONE]")]


STREAM = (
    'event: chat.created\r\ndata: {"id": 1}\r\n\r\n'
    ": comment\n"
    'event: chat.message.delta\ndata: {"delta": "你好，世界"}\n\n'
    "data: line one\rdata: line two\r\r"
    "id: 42\nevent: chat.completed\ndata: {}\n\n"
    "event: done\ndata: [DONE]\n\n"
).encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_any_split_gives_the_same_events(cuts: list[int]) -> None:
    points = sorted(cuts)
    chunks = [STREAM[a:b] for a, b in zip([0, *points], [*points, len(STREAM)])]
    assert parse(*chunks) == parse(STREAM)


def test_every_single_cut_gives_the_same_events() -> None:
    whole = parse(STREAM)
    assert [e.event for e in whole] == ["chat.created", "chat.message.delta", "message", "chat.completed", "done"]
    for cut in range(len(STREAM) + 1):
        assert parse(STREAM[:cut], STREAM[cut:]) == whole, cut
