"""The local site server: a reader who leaves mid-answer is not an error worth a traceback."""

from __future__ import annotations

from hfguide.site import builder


def report(server: builder.SiteServer, error: Exception) -> None:
    try:
        raise error
    except Exception:
        server.handle_error(None, ("127.0.0.1", 1))


def test_a_closed_connection_is_quiet_and_other_errors_are_reported(capfd):
    server = builder.SiteServer(
        ("127.0.0.1", 0), builder.StaticSiteHandler, bind_and_activate=False
    )
    try:
        report(server, BrokenPipeError(32, "Broken pipe"))
        report(server, ConnectionResetError(104, "Connection reset by peer"))
        assert capfd.readouterr().err == ""
        report(server, ValueError("a real bug"))
        assert "ValueError: a real bug" in capfd.readouterr().err
    finally:
        server.server_close()
