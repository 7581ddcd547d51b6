"""The vehicle model as the kernel reads it: ``Model`` (per-sample arrays) and ``pack``.

Every array has a leading sample axis: length 1 for a nominal model (shared by every trajectory
of a batch) or n for a batch of dispersed models (trajectory i flies member i). Row layouts are
those of ``baiterek.flight._kernel`` (``SEG_*``, ``AERO_*``, ``MISC_*``, ``WIND_*``, ``DROP_*``).

Dispersions (Monte Carlo) are built from a nominal model with ``Model.dispersed``, which sets
exactly the per-sample fields the kernel reads:

- ``thrust_scale`` (n, K): thrust and mass flow of segment k times the factor (Isp kept);
- ``isp_scale`` (n, K): thrust of segment k times the factor at the same mass flow;
- ``boundary_offset`` (n, K): seconds added to the end of segment k and to the start of segment
  k + 1 (the burn clock): an ignition or separation timing offset, or the longer or shorter burn
  of a propellant load dispersion (``dm / mass_flow``);
- ``drop_offset`` (n, K): kg added to the mass dropped at the start of segment k (a dry-mass
  dispersion of the stage that separates there; add the same kg to the start mass ``s0``);
- ``drag_scale`` (n,), ``density_scale`` (n,): factors on Cd and on the air density;
- ``wind`` (n, 3, W): one wind profile per sample (altitude m, east m/s, north m/s rows).

Start masses (propellant and dry mass aboard at liftoff) are in the start state ``s0`` that
``run_batch`` takes per trajectory. Scales of exactly 1 and offsets of exactly 0 leave a member
bit for bit equal to the nominal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from baiterek.earth.wind import WindProfile
from baiterek.flight import _kernel as K
from baiterek.flight.sequence import FlightSequence

DT_ATMO = 1.0
"""RK4 step below ``_kernel.VACUUM_STEP_ALTITUDE`` (70 km), s."""
DT_VAC = 2.0
"""RK4 step above 70 km, s."""


def _frozen(a, dtype=float) -> np.ndarray:
    arr = np.ascontiguousarray(a, dtype)
    arr.flags.writeable = False
    return arr


def _samples(x, n: int, width: int | None, name: str) -> np.ndarray:
    """A per-sample array as (n,) or (n, width), broadcast from a scalar or a shorter shape."""
    a = np.asarray(x, float)
    shape = (n,) if width is None else (n, width)
    try:
        return np.broadcast_to(a if a.ndim != 1 or width is None else a[:, None], shape)
    except ValueError:
        raise ValueError(f"dispersed: {name} has shape {a.shape}, want {shape}") from None


@dataclass(frozen=True, slots=True)
class Model:
    """The arrays the kernel reads, each with a leading sample axis of 1 or n (read-only).

    ``segs`` (n, 7, K): vacuum thrust N, mass flow kg/s, exit area m2, start s, end s (burn
    clock), drop kg, minimum throttle ratio. ``aero`` (n, 2, M): Mach, Cd. ``misc`` (n, 7):
    reference area m2, fairing mode, fairing mass kg, flux limit W/m2, maximum sensed axial
    acceleration m/s2, drag scale, density scale. ``wind`` (n, 3, W): altitude m, east m/s,
    north m/s (W = 0: calm). ``drops`` (n, 2, J): real time s, mass kg.
    """

    segs: np.ndarray
    aero: np.ndarray
    misc: np.ndarray
    wind: np.ndarray
    drops: np.ndarray = field(default_factory=lambda: np.zeros((1, K.N_DROP_ROWS, 0)))
    _kernel_model: K.KernelModel | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("segs", "aero", "misc", "wind", "drops"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))  # construction only
        km = K.KernelModel(self.segs, self.aero, self.misc, self.drops, self.wind)
        K.check_model(km, self.n_samples)
        object.__setattr__(self, "_kernel_model", km)  # built once: guidance flies many batches

    @property
    def n_samples(self) -> int:
        """Number of samples (1: one model for every trajectory)."""
        return max(a.shape[0] for a in (self.segs, self.aero, self.misc, self.wind, self.drops))

    @property
    def kernel_model(self) -> K.KernelModel:
        """The arrays as the kernel's one model structure (checked at construction)."""
        km = self._kernel_model
        assert km is not None  # set by __post_init__
        return km

    def member(self, i: int) -> Model:
        """Sample i alone (a model of one sample)."""

        def pick(a):
            return a[i : i + 1] if a.shape[0] > 1 else a

        return Model(pick(self.segs), pick(self.aero), pick(self.misc), pick(self.wind),
                     pick(self.drops))  # fmt: skip

    def dispersed(
        self,
        n: int,
        *,
        thrust_scale=1.0,
        isp_scale=1.0,
        boundary_offset=0.0,
        drop_offset=0.0,
        drag_scale=1.0,
        density_scale=1.0,
        wind: np.ndarray | None = None,
    ) -> Model:
        """A batch of n models from this nominal one (see the module docstring for the fields).

        Every argument broadcasts to its shape: (n, K) for the per-segment ones (a (n,) array
        applies to every segment), (n,) for the scales, (n, 3, W) or (3, W) for ``wind``.
        """
        if self.n_samples != 1:
            raise ValueError("dispersed: start from a nominal model (one sample)")
        n_seg = self.segs.shape[2]
        segs = np.repeat(self.segs, n, 0)
        ts = _samples(thrust_scale, n, n_seg, "thrust_scale")
        isp = _samples(isp_scale, n, n_seg, "isp_scale")
        dt = _samples(boundary_offset, n, n_seg, "boundary_offset")
        segs[:, K.SEG_THRUST] = segs[:, K.SEG_THRUST] * ts * isp
        segs[:, K.SEG_MASS_FLOW] = segs[:, K.SEG_MASS_FLOW] * ts
        segs[:, K.SEG_END] = segs[:, K.SEG_END] + dt
        segs[:, K.SEG_START, 1:] = segs[:, K.SEG_START, 1:] + dt[:, :-1]
        segs[:, K.SEG_DROP] = segs[:, K.SEG_DROP] + _samples(drop_offset, n, n_seg, "drop_offset")
        misc = np.repeat(self.misc, n, 0)
        misc[:, K.MISC_DRAG_SCALE] = _samples(drag_scale, n, None, "drag_scale")
        misc[:, K.MISC_DENSITY_SCALE] = _samples(density_scale, n, None, "density_scale")
        w = self.wind if wind is None else np.asarray(wind, float)
        if w.ndim == 2:
            w = w[None]
        return Model(segs, self.aero, misc, w, self.drops)

    def run_batch(self, s0, t0, mode0, fairing_on, flux_armed, prm, t_stop, lag0=0.0):
        """Fly n trajectories (arrays of length n, or scalars broadcast; n = the rows of ``prm``
        or ``s0``, else the model's samples); trajectory i flies model member i (or member 0).

        Returns (status, time, state, mode, fairing on, flux armed, events, throttle lag), each
        with n rows; ``lag0`` is the throttle lag at the start (s; from a previous run's end).
        """
        prm = np.atleast_2d(np.asarray(prm, float))
        n = max(prm.shape[0], np.atleast_2d(s0).shape[0])
        n = self.n_samples if n == 1 else n  # one start for every member of a batched model

        def per(x, dtype):
            return np.full(n, x, dtype) if np.ndim(x) == 0 else np.asarray(x, dtype)

        if self.n_samples not in (1, n):
            raise ValueError(f"run_batch: {n} trajectories, model of {self.n_samples} samples")
        return K.fly_many_checked(
            self.kernel_model,
            np.ascontiguousarray(np.broadcast_to(s0, (n, 7)), float),
            per(t0, float),
            per(mode0, np.int64),
            np.full(n, fairing_on, np.bool_),
            np.full(n, flux_armed, np.bool_),
            np.ascontiguousarray(np.broadcast_to(prm, (n, K.N_PARAMS))),
            DT_ATMO,
            DT_VAC,
            per(t_stop, float),
            per(lag0, float),
        )

    def run_one(
        self, s0, t0, mode0, fairing_on, flux_armed, prm, t_stop, record=None, events=None,
        lag0=0.0, member=0,
    ):  # fmt: skip
        """Fly one trajectory with model ``member``; ``record`` = (t, state, direction, segment[,
        throttle and lag (n, 2)]) arrays to fill, or None. Returns (status, time, state, number
        of records, mode, fairing on, flux armed, throttle lag)."""
        rec = record or (np.zeros(0), np.zeros((0, 7)), np.zeros((0, 3)), np.zeros(0, np.int64))
        if len(rec) == 4:
            rec = (*rec, np.zeros((rec[0].shape[0], 2)))
        ev = np.full(K.N_EVENTS, np.nan) if events is None else events
        return K.fly(
            self.kernel_model, member, np.asarray(s0, float), float(t0), int(mode0),
            bool(fairing_on), bool(flux_armed), float(lag0), np.asarray(prm, float), DT_ATMO,
            DT_VAC, float(t_stop), *rec, ev,
        )  # fmt: skip


def pack(seq: FlightSequence, wind: WindProfile | None = None) -> Model:
    """The sequence (and wind) as a nominal model (one sample)."""
    w = wind or WindProfile.calm()
    segs = np.vstack(
        [
            seq.seg_thrust_vac,
            seq.seg_mass_flow,
            seq.seg_exit_area,
            seq.seg_start,
            seq.seg_end,
            seq.seg_drop,
            seq.seg_min_throttle,
        ]
    )
    misc = np.zeros(K.N_MISC)
    misc[K.MISC_AREA] = seq.reference_area
    misc[K.MISC_FAIRING_MODE] = float(seq.fairing_mode)
    misc[K.MISC_FAIRING_MASS] = seq.fairing_mass
    misc[K.MISC_FLUX_LIMIT] = seq.fairing_flux_limit
    misc[K.MISC_MAX_AXIAL] = seq.max_axial_acceleration
    misc[K.MISC_DRAG_SCALE] = 1.0
    misc[K.MISC_DENSITY_SCALE] = 1.0
    drops = np.array([[d[0] for d in seq.timed_drops], [d[1] for d in seq.timed_drops]], float)
    return Model(
        segs=segs[None],
        aero=np.vstack([seq.mach_table, seq.cd_table])[None],
        misc=misc[None],
        wind=np.vstack([w.altitude_m, w.east_m_s, w.north_m_s]).reshape(1, 3, -1),
        drops=drops.reshape(1, 2, -1),
    )
