"""``wargame report``: files written where asked, exit status 1 with a reason for a bad save."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_game
from test_report import play_annotated
from wargame.cli.main import main


@pytest.fixture(scope="module")
def save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "drill.wgsave"
    play_annotated(build_game(), seed=5).save(path)
    return path


def test_default_output_is_html_under_reports(save: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(save)]) == 0
    out = tmp_path / "reports" / "drill.html"
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert "reports/drill.html" in capsys.readouterr().out


def test_markdown_output_with_charts(save: Path, tmp_path: Path) -> None:
    out = tmp_path / "debrief" / "drill.md"
    out.parent.mkdir()
    assert main(["report", str(save), "--format", "md", "-o", str(out)]) == 0
    assert out.read_text().startswith("# After-action report")
    assert len(list((out.parent / "drill-charts").glob("*.svg"))) == 5


def test_format_follows_the_output_extension(save: Path, tmp_path: Path) -> None:
    assert main(["report", str(save), "-o", str(tmp_path / "r.md")]) == 0
    assert (tmp_path / "r.md").read_text().startswith("# ")


def test_compare_option(save: Path, tmp_path: Path) -> None:
    out = tmp_path / "cmp.html"
    assert main(["report", str(save), "--compare", str(save), "-o", str(out)]) == 0
    assert "never left the original" in out.read_text()


@pytest.mark.parametrize("content, reason", [
    (b"not json at all", "truncated or not JSON"),
    (b'{"format": "something-else"}', "not a wargame save"),
])
def test_bad_save_exits_1_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                          reason: str) -> None:
    bad = tmp_path / "bad.wgsave"
    bad.write_bytes(content)
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert reason in err and "bad.wgsave" in err
    assert not (tmp_path / "r.html").exists()


def test_tampered_save_is_refused(save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tampered = tmp_path / "tampered.wgsave"
    tampered.write_bytes(save.read_bytes().replace(b'"seed": 5', b'"seed": 6'))
    assert main(["report", str(tampered)]) == 1
    assert "tampered.wgsave" in capsys.readouterr().err


def test_missing_file_and_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.wgsave")]) == 1
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "x.wgsave", "--format", "pdf"])
    assert exc.value.code == 2


@pytest.mark.parametrize("target", ["link", "no folder"])
def test_output_never_replaces_a_link_or_makes_a_folder(save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        target: str) -> None:
    """``-o`` writes a file in a folder that exists: a link there is not followed (its file is not written
    over) nor replaced, and a folder that is not there is a typo to report, not one to create."""
    notes = tmp_path / "notes.txt"
    notes.write_text("precious notes\n")
    link = tmp_path / "report.html"
    link.symlink_to(notes)
    out = link if target == "link" else tmp_path / "missing" / "report.html"
    assert main(["report", str(save), "-o", str(out)]) == 1
    assert capsys.readouterr().err.startswith(f"wargame report: -o {out}: ")
    assert link.is_symlink() and notes.read_text() == "precious notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "report.html"]
