"""The large generated files are written piece by piece (render/jsonstream.py, publish/spool.py):
byte for byte what one json.dumps gave, and no trace left behind by a build."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from conftest import TODAY, build_site, copy_example, course, profile, write_tracker
from hypothesis import given, settings, strategies as st

from cectrack.analysis import analysis, site_content
from cectrack.files.visible import HIDDEN
from cectrack.render.credentialwords import unmet_words
from cectrack.render.exports import _row, cap_json, packet_json
from cectrack.render.feeds import status_json
from cectrack.render.jsonstream import write_json
from cectrack.render.reasons import reason_words
from cectrack.render.statusjson import report_to_json


def compact(value) -> str:
    """json.dumps's compact JSON, the characters that hide text (files/visible.py) escaped
    as json.dumps escapes any character with ensure_ascii (a tag as its surrogate pair)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return HIDDEN.sub(lambda found: json.dumps(found.group())[1:-1], text)


def streamed(value) -> str:
    parts: list[str] = []
    write_json(value, parts.append)
    return "".join(parts)


def lazily(value):
    """`value` with every list turned into a generator, as the writers hand them over."""
    if isinstance(value, dict):
        return {key: lazily(item) for key, item in value.items()}
    if isinstance(value, list):
        return (lazily(item) for item in value)
    return value


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
    st.text(alphabet=st.characters(codec="utf-8")),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(values)
def test_streamed_json_is_what_json_dumps_gives(value):
    assert streamed(value) == compact(value)  # nothing to take apart: encoded whole
    assert streamed(lazily(value)) == compact(value)  # every list a generator
    assert json.loads(streamed(value)) == value  # the same values, however written


def test_a_generator_is_written_as_the_list_it_yields():
    parts: list[str] = []
    write_json({"a": (x for x in [1, {"b": (y for y in "xy")}]), "c": [2]}, parts.append)
    assert "".join(parts) == compact({"a": [1, {"b": ["x", "y"]}], "c": [2]})
    assert len(parts) > 5  # written in pieces, not as one string


def test_status_json_and_the_packet_export_are_the_bytes_one_dump_gave(tmp_path):
    state = analysis(copy_example(tmp_path / "t"), TODAY)
    report = state.report
    assert status_json(report) == (compact(report_to_json(report)) + "\n").encode()
    packet = site_content(state).packets[0]
    c = packet.credential
    eager = {"schema": 1, "holder": packet.holder, "credential": c.id, "name": c.name,
             "body": c.body, "unit": c.unit,
             "cycle": {"start": c.cycle.start.isoformat(), "end": c.cycle.end.isoformat()},
             "required": c.required, "earned": c.earned, "met": c.met, "unmet": unmet_words(c),
             "prerequisites": [{"id": p.id, "met": p.met, "detail": reason_words(p.detail_reason)}
                               for p in c.prerequisites],
             "generated_on": packet.generated_on.isoformat(), "commit": packet.commit,
             "uncommitted_changes": packet.dirty,
             "identity": {"name": "Alex Example", "certified_since": "2020-05-16",
                          "current_expiry": "2026-12-31", "contact": None},
             "proof": {"counted": 11, "certificates": 11, "file_missing": [],
                       "none_recorded": [], "recorded_late": []},
             "activities": [{"activity": a.activity, "courses": a.courses, "counted": a.counted,
                             "caps": [cap_json(cap) for cap in a.caps]} for a in c.by_activity],
             "courses": [_row(packet, row) for row in packet.rows]}
    assert packet_json(packet) == (compact(eager) + "\n").encode()
    assert len(eager["courses"]) == 12  # every file of the example, its CPR card among them


def test_a_build_spools_its_exports_and_leaves_nothing_behind(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "t")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where TMPDIR would send it
    spools = []
    monkeypatch.setattr(tempfile, "mkdtemp", _noting(tempfile.mkdtemp, spools))
    build_site(root)
    assert len(spools) == 1 and Path(spools[0]).parent == scratch  # it spooled there
    assert list(scratch.iterdir()) == []  # and the spool folder is gone
    state = analysis(root, TODAY)
    assert (root / "site" / "status.json").read_bytes() == status_json(state.report)
    packet = site_content(state).packets[0]
    assert (root / "site" / "audit" / f"{packet.slug}.json").read_bytes() == packet_json(packet)


def _noting(make, made: list):
    """`make`, each path it returns added to `made`."""
    def noted(*args, **kwargs):
        made.append(make(*args, **kwargs))
        return made[-1]
    return noted


def zip_in_memory(packet, page: bytes | None = None) -> bytes:
    """The packet ZIP as it was made before it was streamed: every member in memory, then
    written whole, in name order.  The reference the streamed one must equal."""
    import hashlib
    import io
    import zipfile

    from cectrack.render.exports import packet_csv, zip_time
    members = {f"{packet.slug}.csv": packet_csv(packet), f"{packet.slug}.json": packet_json(packet)}
    if page is not None:
        members[f"{packet.slug}.html"] = page
    for row in packet.rows:
        if row.evidence is not None and row.sha256 is not None:
            members[f"evidence/{row.published_as}"] = row.evidence.path.read_bytes()
    manifest = io.StringIO()
    lines = [("path", "bytes", "sha256")] + [
        (name, len(data), hashlib.sha256(data).hexdigest()) for name, data in sorted(members.items())]
    import csv
    csv.writer(manifest, lineterminator="\r\n").writerows(lines)
    members["manifest.csv"] = manifest.getvalue().encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=zip_time(packet))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return out.getvalue()


def test_the_streamed_packet_zip_is_the_one_made_in_memory(tmp_path):
    """Certificates are copied into the ZIP a megabyte at a time, never all held at once;
    the archive is byte for byte what building it in memory gave (a 3 MB certificate
    crosses the read size)."""
    import random

    from cectrack.publish.packetzip import packet_zip
    root = copy_example(tmp_path / "t")
    certificate = next((root / "certificates").glob("*.pdf"))
    certificate.write_bytes(random.Random(7).randbytes(3 << 20))
    packets = site_content(analysis(root, TODAY)).packets
    for packet in packets:
        assert packet_zip(packet) == zip_in_memory(packet)
    assert any(r.evidence and r.evidence.path == certificate.resolve() for r in packets[0].rows)


def test_a_packet_sorting_after_its_manifest_is_zipped_as_in_memory_from_any_source(tmp_path):
    """A packet whose name sorts after manifest.csv (nsca-...) has its CSV, JSON and page
    read for their SHA-256s before the manifest is written, then written after it: the
    ZIP is byte for byte the one made in memory, whether its CSV and JSON are written from
    the packet (a sealed build has no plain copy), given as bytes or copied from the
    spool's files, its page given whole or written piece by piece.  400 courses: the CSV and
    JSON cross the 64 kB batches they are compressed in."""
    import io
    import zipfile

    from cectrack.publish.packetzip import write_packet_zip
    from cectrack.render.exports import packet_csv
    root = write_tracker(tmp_path / "t", {
        f"credits/c{i}.yaml": course(f"Course {i}", f"2025-{1 + i % 12:02}-{1 + i % 28:02}",
                                     0.1, "CEU") for i in range(400)},
        profile=profile(("NSCA-CSCS", {"since": "2020-06-15"})))
    packet = site_content(analysis(root, TODAY)).packets[0]
    slug, page = packet.slug, "<p>Packet é</p>\n".encode() * 9000
    exports = {f"{slug}.csv": packet_csv(packet), f"{slug}.json": packet_json(packet)}
    assert slug > "manifest.csv" and min(map(len, exports.values())) > 1 << 16
    for name, data in exports.items():
        (tmp_path / name).write_bytes(data)
    expected = zip_in_memory(packet, page)
    for made in ({}, exports, {name: tmp_path / name for name in exports}):
        out = io.BytesIO()
        write_packet_zip(packet, out, page=page, made=made)
        assert out.getvalue() == expected

    def write_page(write) -> None:  # the page as a build writes it, a piece at a time
        for _ in range(9000):
            write("<p>Packet é</p>\n")
    out = io.BytesIO()
    write_packet_zip(packet, out, page=write_page, made=exports)
    assert out.getvalue() == expected
    names = zipfile.ZipFile(io.BytesIO(expected)).namelist()
    assert names[-4:] == ["manifest.csv", f"{slug}.csv", f"{slug}.html", f"{slug}.json"]
