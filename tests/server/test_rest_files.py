"""``/files`` and ``/view`` over real HTTP: the bytes, the headers, and nothing outside
the root or hidden."""

from __future__ import annotations

import os
import re

import pytest

from tests.server.conftest import start_server
from tests.server.test_security import TRAVERSALS


def _traversal_tree(server_root):
    outside = server_root.parent / "outside.txt"
    outside.write_text("OUTSIDE SECRET")
    (server_root / "sub").mkdir()
    (server_root / ".hidden").write_text("HIDDEN CONTENT")
    (server_root / "sub" / ".hidden").write_text("HIDDEN CONTENT")
    (server_root / ".secret-dir").mkdir()
    (server_root / ".secret-dir" / "file.txt").write_text("HIDDEN CONTENT")
    (server_root / ".ipynb_checkpoints").mkdir()
    (server_root / "link-out").symlink_to(server_root.parent)
    (server_root / "link-file-out").symlink_to(outside)
    (server_root / "sub" / "link-up").symlink_to(server_root.parent)


@pytest.mark.integration
def test_a_text_file_with_its_type_dates_and_no_caching(server, server_root):
    (server_root / "sub").mkdir()
    (server_root / "sub" / "notes.txt").write_text("héllo\n", encoding="utf-8")
    reply = server.get("/files/sub/notes.txt")
    assert reply.status == 200
    assert reply.body == "héllo\n".encode()
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert reply.headers["cache-control"] == "no-cache"
    assert reply.headers["last-modified"].endswith(" GMT")
    assert reply.headers["content-length"] == str(len("héllo\n".encode()))
    assert "sandbox" in reply.headers["content-security-policy"]
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "content-disposition" not in reply.headers


@pytest.mark.integration
def test_content_types_come_from_the_name_or_the_first_bytes(server, server_root):
    files = {
        "analysis.ipynb": (b"{}", "application/x-ipynb+json; charset=utf-8"),
        "data.csv": (b"a,b\n", "text/csv; charset=utf-8"),
        "page.html": (b"<p>hi</p>", "text/html; charset=utf-8"),
        "picture.png": (b"\x89PNG\r\n", "image/png"),
        "data.json": (b"{}", "application/json; charset=utf-8"),
        "archive.csv.gz": (b"\x1f\x8b\x08", "application/gzip"),
        "Makefile": (b"all:\n\techo hi\n", "text/plain; charset=utf-8"),
        "blob": (b"\x00\x01\x02\xff", "application/octet-stream"),
        "latin": ("café".encode("latin-1"), "application/octet-stream"),
    }
    for name, (data, _) in files.items():
        (server_root / name).write_bytes(data)
    for name, (data, expected) in files.items():
        reply = server.get(f"/files/{name}")
        assert reply.status == 200, name
        assert reply.body == data, name
        assert reply.headers["content-type"] == expected, name
        assert "content-encoding" not in reply.headers, name


@pytest.mark.integration
def test_download_names_the_file_in_utf8(server, server_root):
    (server_root / "résumé 1.txt").write_text("cv")
    reply = server.get("/files/résumé 1.txt?download=1")
    assert reply.status == 200
    assert reply.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt"
    )
    assert "content-disposition" not in server.get("/files/résumé 1.txt?download=0").headers


@pytest.mark.integration
def test_head_answers_the_headers_without_the_body(server, server_root):
    (server_root / "a.txt").write_text("abc")
    reply = server.request("HEAD", "/files/a.txt")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["content-length"] == "3"
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert server.request("HEAD", "/files/missing.txt").status == 404


@pytest.mark.integration
def test_a_large_file_is_streamed_whole_and_ranges_are_served(server, server_root):
    data = os.urandom(1 << 16) * 160  # 10 MiB
    (server_root / "big.bin").write_bytes(data)
    reply = server.get("/files/big.bin")
    assert reply.status == 200
    assert reply.headers["content-length"] == str(len(data))
    assert reply.body == data
    part = server.get("/files/big.bin", headers={"Range": "bytes=10-19"})
    assert part.status == 206
    assert part.body == data[10:20]


@pytest.mark.integration
def test_a_client_with_the_current_copy_gets_304(server, server_root):
    (server_root / "a.txt").write_text("abc")
    first = server.get("/files/a.txt")
    etag = first.headers["etag"]
    again = server.get("/files/a.txt", headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""
    assert again.headers["etag"] == etag
    since = server.get(
        "/files/a.txt", headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert since.status == 304
    os.utime(server_root / "a.txt", (1, 1))  # changed since the client's copy
    assert server.get("/files/a.txt", headers={"If-None-Match": etag}).status == 200


@pytest.mark.integration
def test_missing_files_and_directories_are_404(server, server_root):
    (server_root / "dir").mkdir()
    for path in ("/files/missing.txt", "/files/dir", "/files/dir/", "/files/"):
        reply = server.get(path)
        assert reply.status == 404, path
    assert server.get("/files").status == 307  # to /files/, which is 404
    reply = server.get("/files/missing.txt")
    assert reply.json()["message"].endswith(".")


@pytest.mark.integration
def test_a_link_inside_the_root_is_followed(server, server_root):
    (server_root / "real.txt").write_text("real")
    (server_root / "alias.txt").symlink_to(server_root / "real.txt")
    reply = server.get("/files/alias.txt?download=1")
    assert reply.body == b"real"
    assert reply.headers["content-disposition"].endswith("''alias.txt")


@pytest.mark.integration
def test_fifty_ways_out_of_the_root_are_404_for_files_and_view(server, server_root):
    _traversal_tree(server_root)
    for path in TRAVERSALS:
        for prefix in ("/files/", "/view/"):
            reply = server.get(prefix + path)
            assert reply.status in (400, 404), (prefix + path, reply.status, reply.body[:200])
            assert b"OUTSIDE SECRET" not in reply.body
            assert b"HIDDEN CONTENT" not in reply.body
    for path in (".hidden", "sub/.hidden", ".secret-dir/file.txt"):
        assert server.get("/files/" + path).status == 404


@pytest.mark.integration
def test_hidden_files_are_served_when_the_server_allows_them(server_root, tmp_path):
    (server_root / ".hidden").write_text("shown")
    running, client = start_server(server_root, tmp_path, allow_hidden=True)
    try:
        assert client.get("/files/.hidden").body == b"shown"
    finally:
        running.stop()


@pytest.mark.integration
def test_view_frames_the_file_with_the_path_escaped(server, server_root):
    name = 'a <b> & "c" #1?.html'
    (server_root / "sub dir").mkdir()
    (server_root / "sub dir" / name).write_text("<p>page</p>")
    reply = server.get(
        "/view/sub dir/" + name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")
    )
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    page = reply.body.decode()
    source = re.search(r'<iframe src="([^"]*)"', page).group(1)
    assert source == "/files/sub%20dir/a%20%3Cb%3E%20%26%20%22c%22%20%231%3F.html"
    assert "<title>a &lt;b&gt; &amp; &quot;c&quot; #1?.html</title>" in page
    assert "<b>" not in page
    assert 'sandbox="allow-scripts"' in page
    # What the frame loads is the file.
    framed = server.get(source)
    assert framed.status == 200
    assert framed.body == b"<p>page</p>"


@pytest.mark.integration
def test_view_of_a_missing_file_or_a_directory_is_404(server, server_root):
    (server_root / "dir").mkdir()
    assert server.get("/view/missing.html").status == 404
    assert server.get("/view/dir").status == 404


@pytest.mark.integration
def test_files_and_view_under_a_base_url(server_root, tmp_path):
    (server_root / "a.txt").write_text("abc")
    running, client = start_server(server_root, tmp_path, base_url="/nb/")
    try:
        assert client.get("/files/a.txt").body == b"abc"  # the client puts /nb before it
        page = client.get("/view/a.txt").body.decode()
        assert '<iframe src="/nb/files/a.txt"' in page
    finally:
        running.stop()


def test_the_type_of_a_nameless_file_comes_from_its_first_bytes():
    from jovi.server.filetypes import SNIFF_BYTES, content_type, needs_sniffing

    assert needs_sniffing("Makefile")
    assert not needs_sniffing("a.txt")
    assert not needs_sniffing("a.ipynb")
    # A sample cut inside a character is still text; a whole file ending so is not.
    cut = ("a" * (SNIFF_BYTES - 1) + "é").encode()[:SNIFF_BYTES]
    assert content_type("README", cut) == "text/plain; charset=utf-8"
    assert content_type("README", b"caf\xc3", whole=True) == "application/octet-stream"
    assert content_type("README", b"", whole=True) == "text/plain; charset=utf-8"
