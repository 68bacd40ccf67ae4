from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

def read_page(
    lines: list[Sequence[str]],
    number: dict[str, int],
    word: npt.NDArray[np.float64],
    first: npt.NDArray[np.float64],
    last: npt.NDArray[np.float64],
    pair_codes: npt.NDArray[np.int64],
    pair_weight: npt.NDArray[np.float64],
    pair_words: int,
    score: npt.NDArray[np.float64],
    known: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64],
) -> None: ...
