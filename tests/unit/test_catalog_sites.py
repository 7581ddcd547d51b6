"""The sites catalog loads, validates, and answers unknown ids with the list of ids."""

import pytest

from baiterek import catalog
from baiterek.errors import InputError

REQUIRED_SITES = {
    "baikonur-45-1",
    "baikonur-31-6",
    "baikonur-1-5",
    "baikonur-200-39",
    "baikonur-81-24",
    "vostochny-1s",
    "plesetsk-43-4",
    "kourou-els",
    "ccsfs-slc-40",
    "vandenberg-slc-4e",
}


def test_required_sites_present():
    assert REQUIRED_SITES <= {s.id for s in catalog.sites()}


def test_unknown_site_lists_ids():
    with pytest.raises(InputError) as exc:
        catalog.site("baikonur-99")
    assert "baikonur-45-1" in str(exc.value)
    assert exc.value.field == "site"


def test_baikonur_forbids_due_east_and_allows_iss():
    s = catalog.site("baikonur-45-1")
    assert s.corridor_for(51.6) is not None
    assert s.corridor_for(46.0) is None  # due east: stages would fall on China
    assert s.corridor_for(60.0) is None
    assert s.corridor_for(97.6) is not None
