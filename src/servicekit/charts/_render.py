"""Rendering charts to SVG offline (private module; see :mod:`servicekit.charts`)."""

from __future__ import annotations

from typing import Any

from servicekit._params import Summary, fail, validate_params
from servicekit.charts._common import EXTRA, altair

__all__ = ["to_svg"]


@validate_params()
def to_svg(chart: Any) -> str:
    """Render an altair chart to an SVG string, offline, with vl-convert.

    Parameters
    ----------
    chart : altair chart
        Any altair top-level chart (``Chart``, ``LayerChart``, ...) whose data
        is embedded in it (every chart of :mod:`servicekit.charts` is).

    Returns
    -------
    str
        A standalone ``<svg>`` document with its text as text (titles and
        labels can be searched and read by a screen reader).

    Notes
    -----
    vl-convert bundles Vega, Vega-Lite and their fonts' metrics: no network,
    no CDN, no browser. Fetching data from any URL is refused
    (``allowed_base_urls=[]``), so a chart that points to remote data fails
    instead of reaching out. The spec is not validated against the
    Vega-Lite schema a second time (altair validates each part as it is
    built), which halves the time for charts with many points.

    Examples
    --------
    >>> from servicekit.charts import bar_chart
    >>> svg = to_svg(bar_chart(["email", "phone"], [3, 5], title="Channels"))
    >>> svg.startswith("<svg"), "Channels" in svg
    (True, True)
    """
    alt = altair()
    if not isinstance(chart, alt.TopLevelMixin):
        fail("chart", Summary(f"<{type(chart).__name__}>"), "an altair chart")
    try:
        import vl_convert
    except ImportError as err:  # pragma: no cover - the test extra installs it
        raise ImportError(f"to_svg needs vl-convert-python: {EXTRA}") from err
    # altair checked the chart against the Vega-Lite schema as it was built (and
    # vl-convert refuses an invalid spec): checking the embedded data again doubles the time
    svg: str = vl_convert.vegalite_to_svg(chart.to_dict(validate=False), allowed_base_urls=[])
    return svg
