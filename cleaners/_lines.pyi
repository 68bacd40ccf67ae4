from collections.abc import Callable, Iterable

from cleaners.lines import Line, Shape

def measure_lines(
    numbered: Iterable[tuple[int, str, str]],
    stopwords: frozenset[str],
    line: type[Line],
    blank: Shape,
    lead_words: int,
) -> list[Line]: ...
def split_lines(text: str, clean_line: Callable[[str], str]) -> list[tuple[int, str, str]]: ...
def word_runs(text: str) -> int: ...
