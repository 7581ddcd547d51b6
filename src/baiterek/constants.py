"""Physical constants, SI units, each with its source.

No other module writes these numbers literally; import them from here.
"""

import math

# --- Standard gravity -------------------------------------------------------
G0 = 9.80665
"""Standard acceleration of gravity, m/s^2 (3rd CGPM 1901; ISO 80000-3). Converts Isp in s to m/s."""

# --- WGS-84 ellipsoid and Earth rotation -------------------------------------
# Source: NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed. (2000), Table 3.1.
WGS84_A = 6378137.0
"""Semi-major axis (equatorial radius), m."""
WGS84_INV_F = 298.257223563
"""Inverse flattening (dimensionless)."""
WGS84_F = 1.0 / WGS84_INV_F
WGS84_B = WGS84_A * (1.0 - WGS84_F)
"""Semi-minor (polar) radius, m (derived)."""
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
"""First eccentricity squared (derived)."""
MU_EARTH = 3.986004418e14
"""Earth's gravitational parameter GM including the atmosphere, m^3/s^2 (TR8350.2 Table 3.1)."""
OMEGA_EARTH = 7.292115e-5
"""Nominal mean angular velocity of the Earth, rad/s (TR8350.2 Table 3.1)."""

# --- Zonal harmonics ---------------------------------------------------------
# EGM96 fully normalised coefficients C(n,0) (NASA/TP-1998-206861, Lemoine et al.; file egm96_to360.ascii):
#   C20 = -0.484165371736e-3, C30 = 0.957254173792e-6, C40 = 0.539873863789e-6.
# Unnormalised zonal J_n = -C(n,0) * sqrt(2n + 1).
_C20_BAR = -0.484165371736e-3
_C30_BAR = 0.957254173792e-6
_C40_BAR = 0.539873863789e-6
J2 = -_C20_BAR * math.sqrt(5.0)
J3 = -_C30_BAR * math.sqrt(7.0)
J4 = -_C40_BAR * math.sqrt(9.0)
R_GRAVITY = 6378136.3
"""Reference radius of the EGM96 field, m (Lemoine et al. 1998). Used with J2..J4."""

# --- US Standard Atmosphere 1976 ---------------------------------------------
# Source: U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562), Tables 1-4 and eqs. 1-33.
R_EARTH_US76 = 6356766.0
"""Effective Earth radius used for geopotential altitude in US76, m."""
R_GAS_STAR = 8.31432
"""Universal gas constant as defined in US76, J/(K mol)."""
M0_AIR = 28.9644e-3
"""Sea-level mean molar mass of air, kg/mol (US76)."""
GAMMA_AIR = 1.4
"""Ratio of specific heats of air (US76)."""
P0_SEA_LEVEL = 101325.0
"""Sea-level standard pressure, Pa (US76)."""
T0_SEA_LEVEL = 288.15
"""Sea-level standard temperature, K (US76)."""
K_BOLTZMANN_US76 = 1.380622e-23
"""Boltzmann constant as adopted in US76, J/K (Table 2)."""
N_AVOGADRO_US76 = 6.022169e23
"""Avogadro constant as adopted in US76, 1/mol (Table 2 gives 6.022169e26 per kmol)."""

# --- Aerothermal --------------------------------------------------------------
FAIRING_HEAT_FLUX_LIMIT = 1135.0
"""Free-molecular heat flux below which the fairing may be jettisoned, W/m^2.
SpaceX Falcon user's guide (2021); the same rule in the Soyuz, Ariane 5 and Vega user's manuals."""

# --- Time ----------------------------------------------------------------------
SECONDS_PER_DAY = 86400.0
"""SI seconds in one day of 86400 s (definition)."""

# --- Sun-synchronous -----------------------------------------------------------
TROPICAL_YEAR_S = 365.242190 * SECONDS_PER_DAY
"""Mean tropical year, s (Vallado, Fundamentals of Astrodynamics, 4th ed., sec. 3.5)."""
SSO_NODE_RATE = 2.0 * math.pi / TROPICAL_YEAR_S
"""Node rate of a sun-synchronous orbit, rad/s (one revolution per tropical year)."""

# --- Third bodies ----------------------------------------------------------------
# Source: IERS Conventions (2010), IERS Technical Note 36, Table 1.1.
MU_SUN = 1.32712442099e20
"""Heliocentric gravitational constant GM_sun, m^3/s^2 (TCB-compatible value, IERS 2010 Table 1.1)."""
MOON_EARTH_MASS_RATIO = 0.0123000371
"""Moon-to-Earth mass ratio (IERS 2010 Table 1.1)."""
MU_MOON = MU_EARTH * MOON_EARTH_MASS_RATIO
"""Lunar gravitational parameter, m^3/s^2 (derived)."""
AU = 149597870700.0
"""Astronomical unit, m (IAU 2012 Resolution B2)."""
OBLIQUITY_J2000 = math.radians(23.43929111)
"""Obliquity of the ecliptic at J2000, rad (Montenbruck & Gill, Satellite Orbits, 2000, eq. 3.47 context)."""
