import os
from pathlib import Path

import pytest

from raadsrum.archive.parsing.wordlist import DanishWords, danish_words

# The samples ship with the app (the demo imports them), not with the tests.
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="session")
def words() -> DanishWords:
    found = danish_words()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's wdanish is not installed (make wordlist)")
        pytest.skip("Debian's wdanish is not installed (apt-get install wdanish)")
    return found


def sample_text(stem: str) -> str:
    return (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
