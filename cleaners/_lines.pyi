from collections.abc import Iterable

from cleaners.lines import Line, Shape

def measure_lines(
    numbered: Iterable[tuple[int, str, str]],
    stopwords: frozenset[str],
    line: type[Line],
    blank: Shape,
    lead_words: int,
) -> list[Line]: ...
