import numpy as np
import numpy.typing as npt

def read_heads(heads: list[str], out: npt.NDArray[np.int64]) -> bool: ...
