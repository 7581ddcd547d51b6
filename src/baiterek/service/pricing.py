"""Indicative prices from the price model in ``service/data/prices.toml`` (data, every number
sourced there): a pure function of the request, no database.

A rideshare pays its orbit class's minimum block (its mass and price), then a price per kg above
the block; the adapter's mass counts in the priced mass. A dedicated launch pays the vehicle
price. Options add a share of the launch lines (late booking, applied by itself when the
readiness date is near) or are listed at zero, priced on request. Each line is converted to the
quote's currency with the model's exchange rates (units per USD), recorded with their date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from baiterek.errors import InputError

PRICES = Path(__file__).with_name("data") / "prices.toml"
CENT = Decimal("0.01")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Model(_Frozen):
    id: str
    currency: str
    validity_days: int
    validity_source: str
    deposit: float
    deposit_currency: str
    deposit_source: str
    rebooking_fee_fraction: float
    rebooking_source: str


class _Block(_Frozen):
    block_kg: float
    block_price: float
    price_per_kg: float
    currency: str
    source: str


class _Flat(_Frozen):
    price: float
    currency: str
    source: str


class _Adapter(_Frozen):
    price: float
    mass_kg: float
    currency: str
    source: str


class _Option(_Frozen):
    source: str
    fraction: float | None = None
    price: float | None = None
    currency: str = "USD"
    automatic_within_days: int | None = None


class PriceModel(_Frozen):
    """The price model file, validated (unknown keys refused)."""

    model: _Model
    exchange_rates: dict[str, Any]
    rideshare: dict[str, _Block]
    dedicated: _Flat
    adapters: dict[str, _Adapter]
    options: dict[str, _Option]

    @property
    def rates(self) -> dict[str, Decimal]:
        """Units of each currency per USD."""
        return {
            k: Decimal(str(v))
            for k, v in self.exchange_rates.items()
            if k not in ("date", "source")
        }

    @property
    def rate_date(self) -> dt.date:
        d = self.exchange_rates["date"]
        return d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))


@cache
def load_price_model(path: str | Path = PRICES) -> PriceModel:
    """Read and validate a price model TOML (default: the shipped one)."""
    with open(path, "rb") as f:
        return PriceModel.model_validate(tomllib.load(f))


@dataclass(frozen=True, slots=True)
class PriceLine:
    """One line of a quote: ``quantity`` ``unit`` at ``unit_price`` (both in ``currency``)."""

    item: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "quantity": str(self.quantity),
            "unit": self.unit,
            "unit_price": str(self.unit_price),
            "amount": str(self.amount),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Price:
    """An indicative price: lines, total and deposit in ``currency``, rates used, validity."""

    model_id: str
    currency: str
    lines: tuple[PriceLine, ...]
    total: Decimal
    deposit: Decimal
    exchange_rates: dict[str, str]
    exchange_rate_date: dt.date
    valid_until: dt.date
    terms: dict[str, Any]
    priced_mass_kg: float

    def to_json(self) -> dict[str, Any]:
        """JSON document (amounts as decimal strings, dates ISO)."""
        return {
            "price_model": self.model_id,
            "currency": self.currency,
            "total": str(self.total),
            "deposit": str(self.deposit),
            "priced_mass_kg": self.priced_mass_kg,
            "lines": [line.to_json() for line in self.lines],
            "exchange_rates": dict(self.exchange_rates),
            "exchange_rate_date": self.exchange_rate_date.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "terms": dict(self.terms),
            "indicative": True,
        }


def price(
    *,
    mass_kg: float,
    orbit_class: str,
    service: str,
    adapter: str | None = None,
    options: tuple[str, ...] | list[str] = (),
    readiness_date: dt.date | None = None,
    currency: str | None = None,
    today: dt.date | None = None,
    model: PriceModel | None = None,
) -> Price:
    """Price a launch (see the module docstring). Mistakes raise InputError naming the key."""
    pm = model or load_price_model()
    today = today or dt.datetime.now(dt.UTC).date()
    cur = (currency or pm.model.currency).upper()
    rates = pm.rates
    if cur not in rates:
        raise InputError("currency", currency, f"one of {', '.join(sorted(rates))}")
    if not mass_kg > 0.0 or mass_kg != mass_kg:
        raise InputError("mass_kg", mass_kg, "a mass > 0 kg")

    def conv(amount: float | Decimal, frm: str) -> Decimal:
        return (Decimal(str(amount)) * rates[cur] / rates[frm]).quantize(CENT, ROUND_HALF_UP)

    lines: list[PriceLine] = []
    ad_id = adapter or "customer-supplied"
    ad = pm.adapters.get(ad_id)
    if ad is None:
        raise InputError("adapter", adapter, f"one of {', '.join(sorted(pm.adapters))}")
    priced_kg = float(mass_kg) + ad.mass_kg
    if service == "rideshare":
        block = pm.rideshare.get(orbit_class)
        if block is None:
            raise InputError(
                "orbit_class",
                orbit_class,
                f"for a rideshare one of {', '.join(sorted(pm.rideshare))} (others: dedicated)",
            )
        lines.append(
            _line(
                f"{orbit_class.upper()} rideshare block (up to {block.block_kg:g} kg)",
                Decimal(1),
                "block",
                conv(block.block_price, block.currency),
                block.source,
            )
        )
        extra = max(0.0, priced_kg - block.block_kg)
        if extra > 0.0:
            lines.append(
                _line(
                    f"mass above the block ({priced_kg:g} kg priced)",
                    Decimal(str(round(extra, 3))),
                    "kg",
                    conv(block.price_per_kg, block.currency),
                    block.source,
                )
            )
    elif service == "dedicated":
        lines.append(
            _line(
                "dedicated launch",
                Decimal(1),
                "launch",
                conv(pm.dedicated.price, pm.dedicated.currency),
                pm.dedicated.source,
            )
        )
    else:
        raise InputError("service", service, "dedicated or rideshare")
    if ad.price > 0.0:
        lines.append(
            _line(f"adapter {ad_id}", Decimal(1), "unit", conv(ad.price, ad.currency), ad.source)
        )
    launch = sum((line.amount for line in lines if line.unit != "unit"), Decimal(0))
    chosen = list(dict.fromkeys(options))
    late = pm.options.get("late-booking")
    if (
        late is not None
        and late.automatic_within_days is not None
        and service == "rideshare"
        and readiness_date is not None
        and (readiness_date - today).days < late.automatic_within_days
        and "late-booking" not in chosen
    ):
        chosen.append("late-booking")
    for opt_id in chosen:
        opt = pm.options.get(opt_id)
        if opt is None:
            raise InputError("options", opt_id, f"any of {', '.join(sorted(pm.options))}")
        if opt.fraction is not None:
            unit = (launch * Decimal(str(opt.fraction))).quantize(CENT, ROUND_HALF_UP)
        elif opt.price is not None:
            unit = conv(opt.price, opt.currency)
        else:
            unit = Decimal("0.00")
        label = f"option {opt_id}" + ("" if unit or opt.fraction else " (priced on request)")
        lines.append(_line(label, Decimal(1), "option", unit, opt.source))
    total = sum((line.amount for line in lines), Decimal(0))
    deposit = min(conv(pm.model.deposit, pm.model.deposit_currency), total)
    return Price(
        model_id=pm.model.id,
        currency=cur,
        lines=tuple(lines),
        total=total,
        deposit=deposit,
        exchange_rates={k: str(v) for k, v in rates.items()},
        exchange_rate_date=pm.rate_date,
        valid_until=today + dt.timedelta(days=pm.model.validity_days),
        terms={
            "validity_days": pm.model.validity_days,
            "validity_source": pm.model.validity_source,
            "deposit_source": pm.model.deposit_source,
            "rebooking_fee_fraction": pm.model.rebooking_fee_fraction,
            "rebooking_source": pm.model.rebooking_source,
            "exchange_rate_source": str(pm.exchange_rates.get("source", "")),
        },
        priced_mass_kg=priced_kg,
    )


def adapter_mass_kg(adapter: str | None, model: PriceModel | None = None) -> float:
    """Mass of an adapter of the price model (0 for none or the customer's own)."""
    pm = model or load_price_model()
    ad = pm.adapters.get(adapter or "customer-supplied")
    if ad is None:
        raise InputError("adapter", adapter, f"one of {', '.join(sorted(pm.adapters))}")
    return ad.mass_kg


def _line(item: str, qty: Decimal, unit: str, unit_price: Decimal, source: str) -> PriceLine:
    amount = (qty * unit_price).quantize(CENT, ROUND_HALF_UP)
    return PriceLine(item, qty, unit, unit_price, amount, source)
