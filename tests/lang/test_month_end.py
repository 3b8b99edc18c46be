"""dates.month_end is calendar.monthrange's last day, without the weekday it works out."""
import calendar

import pytest

from mzparse.lang.dates import month_end


def test_month_end_is_monthranges():
    for y in (1, 4, 100, 400, 1900, 1999, 2000, 2016, 2019, 2100, 9999):
        for m in range(1, 13):
            assert month_end(y, m) == calendar.monthrange(y, m)[1], (y, m)


@pytest.mark.parametrize("m", [0, 13, -1])
def test_month_end_refuses_what_monthrange_refuses(m):
    with pytest.raises(calendar.IllegalMonthError):
        month_end(2020, m)
