from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cleaners.page import Mark

def own_rows(
    rows: npt.NDArray[np.int64],
    lines: int,
    texts: list[str],
    quality: npt.NDArray[np.float64],
    good: float,
    old: npt.NDArray[np.float64],
    span: bool,
    prose: npt.NDArray[np.float64],
    total: float,
    places: npt.NDArray[np.int64],
    marks: list[Mark],
    families: tuple[str, ...],
    fields: tuple[int, int, int],
    out: npt.NDArray[np.float64],
) -> None: ...
def line_fields(lines: Sequence[tuple[object, ...]], fields: tuple[int, ...], out: npt.NDArray[np.float64]) -> None: ...
