"""Language identification: CLD2 where it is sure, py3langid where it is not."""

from __future__ import annotations

import py3langid

from cleaners.language import _cld2, identify_language


def test_cld2_names_the_language_of_prose() -> None:
    assert identify_language(["El alcalde dijo el martes que el puente seguirá cerrado hasta el verano."]) == "es"
    assert identify_language(["市长周二表示，这座桥将一直关闭到夏天，维修工作已经开始。"]) == "zh"
    # CLD2 says 'iw' for Hebrew; the record and the stoplists use ISO 639-1's 'he'.
    assert identify_language(["ראש העירייה אמר ביום שלישי כי הגשר יישאר סגור עד הקיץ."]) == "he"


def test_py3langid_decides_where_cld2_is_unsure() -> None:
    menu = "Brno Agfa Ilford 400 Kodak Portra Oslo Tirana"
    assert _cld2(menu) is None
    assert identify_language([menu]) == py3langid.classify(menu)[0]


def test_text_cld2_refuses_falls_back_without_an_error() -> None:
    broken = "Der Bürgermeister sagte am Dienstag \ud800 die Brücke bleibe geschlossen."
    assert _cld2(broken) is None
    assert identify_language([broken]) == py3langid.classify(broken)[0]
