import os
from pathlib import Path

import pytest

from raadsrum.archive.parsing.wordlist import DanishWords, danish_words

SAMPLES = Path(__file__).parent / "samples"


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
