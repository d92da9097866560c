"""`lettermanager search` as scripts and people use it: real processes, whatever the query."""

import json
import os
import subprocess
import sys

import pytest
from hostile_queries import HOSTILE

from lettermanager.cli import main

# argv cannot hold NUL characters; the store's tests feed those to search() directly.
CLI_HOSTILE = [query for query in HOSTILE if "\x00" not in query] + [b"\xff\xfe broken utf-8"]


def command(*args, data_dir):
    return [sys.executable, "-m", "lettermanager", "--data-dir", str(data_dir), *args]


def environment():
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    return env


def run(*args, data_dir):
    return subprocess.run(command(*args, data_dir=data_dir), capture_output=True, env=environment(),
                          timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-search") / "data"
    assert run("search", "warm-up", data_dir=folder).returncode == 0  # creates the seeded file
    return folder


def test_text_output_is_one_hit_per_line(data_dir):
    result = run("search", "Kagarlitskiy", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0].split("\t")[:2] == ["prisoner", "Кагарлицкий Борис Юльевич"]
    assert "[Кагарлицкий]" in lines[0]
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_json_gives_kind_id_title_and_snippet(data_dir):
    result = run("search", "--json", "Зеленоград", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and {"kind", "id", "title", "snippet"} <= set(hits[0])
    assert any(hit["kind"] == "facility" and "Zelenograd" in hit["title"] for hit in hits)
    assert all("[" in hit["snippet"] for hit in hits)


def test_words_after_search_make_one_query_and_a_phrase_stays_a_phrase(data_dir):
    words = json.loads(run("search", "--json", "Boris", "Kagarlitsky", data_dir=data_dir).stdout)
    assert words[0]["title"] == "Кагарлицкий Борис Юльевич"
    phrase = json.loads(run("search", "--json", '"patience is a virtue"',
                            data_dir=data_dir).stdout)
    assert {hit["kind"] for hit in phrase} == {"letter", "translation"}


def test_no_results_is_not_an_error(data_dir):
    result = run("search", "zzzxxyqq", data_dir=data_dir)
    assert (result.returncode, result.stdout.decode().strip(), result.stderr) == (0, "no results",
                                                                                  b"")
    result = run("search", "--json", "zzzxxyqq", data_dir=data_dir)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


# One of each sort for real processes (each costs a second of imports); main() takes them all.
IN_PROCESSES = ['"', '""', "OR", "AND NOT", "-", "*", "(", "NEAR(", "col:val", "'", "\\", "%",
                "a" * 10_000, "😀", "\u202eKagarlitsky", "DROP TABLE letter;",
                b"\xff\xfe broken utf-8"]


def test_hostile_queries_exit_0_without_a_traceback(data_dir):
    """Hostile queries in their own processes (a few at a time), as text or as JSON."""
    pending = list(IN_PROCESSES)
    failures = []
    while pending:
        batch, pending = pending[:4], pending[4:]
        processes = [(query, mode, subprocess.Popen(
            command("search", *mode, "--", query, data_dir=data_dir), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=environment()))
            for index, query in enumerate(batch) for mode in [("--json",) if index % 2 else ()]]
        for query, mode, process in processes:
            out, err = process.communicate(timeout=120)
            if process.returncode != 0 or err:
                failures.append((query[:30], mode, process.returncode, err[-300:]))
            elif mode:
                assert isinstance(json.loads(out), list)
            else:
                assert out.strip(), query  # hits, or "no results"
    assert failures == []


@pytest.mark.parametrize("query", CLI_HOSTILE, ids=[repr(q[:20]) for q in CLI_HOSTILE])
def test_every_hostile_query_through_main(data_dir, query, capsys):
    if isinstance(query, bytes):
        query = os.fsdecode(query)  # as Python hands argv over: undecodable bytes escaped
    for mode in ((), ("--json",)):
        assert main(["--data-dir", str(data_dir), "search", *mode, "--", query]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        if mode:
            assert isinstance(json.loads(out), list)
        else:
            assert out.strip()


def test_an_option_like_query_is_a_usage_error_not_a_crash(data_dir):
    result = run("search", "-Kagarlitsky", data_dir=data_dir)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr and b"usage:" in result.stderr
