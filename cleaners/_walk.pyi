import numpy as np
import numpy.typing as npt

def walk_levels(
    cells: npt.NDArray[np.float64],
    rows: int,
    columns: int,
    split_on: npt.NDArray[np.int64],
    threshold: npt.NDArray[np.float64],
    trees: int,
    depth: int,
    ends: npt.NDArray[np.int64],
    by_column: bool = False,
) -> None: ...
