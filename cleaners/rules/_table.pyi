from cleaners.rules.rule import Branch

def first_branch(
    branches: tuple[Branch, ...], text: str, lowered: str, words: int, literals: bool, none: int
) -> int: ...
