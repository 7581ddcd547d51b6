"""Borders for the impact-point events: Kazakhstan and the land masses (Natural Earth 1:110m).

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
naturalearthdata.com), as shipped in the PyPI package pyogrio (0.13.0) in
``pyogrio/tests/fixtures/naturalearth_lowres`` (the layer geopandas used to ship as
``naturalearth_lowres``). No package ships Natural Earth as data to import at run time (cartopy
downloads it; geopandas dropped its datasets in 1.0), so the two shapes needed are cut here once
and shipped in ``src/baiterek/data/borders/natural_earth_110m.geojson``:
- ``kazakhstan``: the country polygon (112 vertices; at 1:110m the border is generalised by a
  few km: an event time is good to a few seconds, not better);
- ``land``: the union of all 177 country polygons (Antarctica included; lakes such as the Caspian
  Sea are not land: it is not in any country polygon).

Run: PYTHONPATH=src .venv/bin/python scripts/generate_borders.py
"""

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

SOURCE = (
    Path(pyogrio.__file__).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
)
OUT = Path(__file__).resolve().parents[1] / "src/baiterek/data/borders/natural_earth_110m.geojson"


def main() -> None:
    world = gpd.read_file(SOURCE)
    kz = world[world["name"] == "Kazakhstan"].geometry.iloc[0]
    land = shapely.union_all(world.geometry.values)
    features = []
    for fid, geom in (("kazakhstan", kz), ("land", land)):
        geom = shapely.set_precision(geom, 1e-5)
        features.append(
            {
                "type": "Feature",
                "id": fid,
                "properties": {
                    "id": fid,
                    "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), via "
                    f"pyogrio {pyogrio.__version__} tests/fixtures/naturalearth_lowres",
                },
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}) + "\n")
    print(json.dumps({"written": str(OUT), "bytes": OUT.stat().st_size}))


if __name__ == "__main__":
    main()
