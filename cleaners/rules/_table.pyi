from cleaners.rules.rule import Branch

def first_branch(
    branches: tuple[Branch, ...], text: str, lowered: str, words: int, literals: bool, none: int
) -> int: ...
def first_rule(
    text: str,
    lowered: str,
    words: int,
    by_head: dict[str, tuple[Branch, ...]],
    by_head_digitless: dict[str, tuple[Branch, ...]],
    by_key: dict[tuple[str | None, bool], tuple[Branch, ...]],
    partners: str,
    none: int,
) -> int | None: ...
