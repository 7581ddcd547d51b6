"""Generate the US Standard Atmosphere 1976 table for 86-1000 km (geometric altitude).

Writes ``src/baiterek/data/atmosphere/us76_upper.csv`` (every 0.5 km from 86 to 1000 km:
altitude_m, temperature_K, pressure_Pa, density_kg_m3, molar_mass_kg_mol) and prints the
SHA-256 of the file; paste it into ``_UPPER_TABLE_SHA256`` in ``baiterek.earth.atmosphere``
(the numba cache of ``us76`` bakes the table in, so the source file must change with it).

Model: U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562), Part 1, section 1.3 "Equations
for altitudes above 86 km". Z is geometric altitude in km throughout this script.

Kinetic temperature T(Z):
  86-91 km    T = T7 = 186.8673 K                                    (isothermal)
  91-110 km   T = Tc + A sqrt(1 - ((Z - Z8)/a)^2), Tc = 263.1905 K,
              A = -76.3232 K, a = -19.9429 km                          (elliptical)
  110-120 km  T = T9 + LK9 (Z - Z9), T9 = 240 K, LK9 = 12 K/km          (linear)
  120-1000 km T = Tinf - (Tinf - T10) exp(-lambda xi),
              xi = (Z - Z10)(r0 + Z10)/(r0 + Z), lambda = LK9/(Tinf - T10)  (exponential)

Number densities of N2, O, O2, Ar, He (diffusion equation with eddy mixing and flux terms):
  d ln n_i/dZ = -(1/T) dT/dZ
                - g/(R* T) [D_i (M_i + M K/D_i + alpha_i R* (dT/dZ)/g)] / (D_i + K)
                - [Q_i (Z - U_i)^2 exp(-W_i (Z - U_i)^3) + q_i (u_i - Z)^2 exp(-w_i (u_i - Z)^3)]
  with D_i = a_i (T/273.15)^b_i / n (n = n(N2) for O and O2, n(N2)+n(O)+n(O2) for Ar and He),
  eddy coefficient K = 120 m^2/s (86-95 km), 120 exp(1 - 400/(400 - (Z - 95)^2)) (95-115 km),
  0 above 115 km; M = M0 below 100 km, the mean molar mass of the mixture above; the q_i term
  only for O below 97 km. N2: d ln n/dZ = -(1/T) dT/dZ - M g/(R* T), M = M0 below 100 km and
  M(N2) above. Boundary values at 86 km and coefficients a_i, b_i, alpha_i, Q_i, q_i, U_i, u_i,
  W_i, w_i: US76 Tables 6-7 (values below).
Hydrogen, 150-1000 km, upward flux phi = 7.2e11 m^-2 s^-1, n(H) = 8.0e10 m^-3 at 500 km:
  n_H(Z) = (T11/T)^(1+alpha_H) exp(-tau(Z)) [n_H(500) - int_500^Z (phi/D_H)(T/T11)^(1+alpha_H)
           exp(tau) dZ], tau(Z) = int_500^Z M_H g/(R* T) dZ, D_H with n = n(N2)+...+n(He).
Pressure p = sum(n_i) k T; density rho = sum(n_i M_i)/N_A; mean molar mass M = rho N_A/sum(n_i).
Gravity g = g0 (r0/(r0 + Z))^2, r0 = 6356.766 km.

Integration: scipy solve_ivp (DOP853, rtol 1e-11) on ln n for the five species, restarted at each
break point of the piecewise coefficients; hydrogen by cumulative Simpson on a 10 m grid.
Run: ``python scripts/generate_us76_upper.py`` (about 10 s).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from scipy.integrate import cumulative_simpson, solve_ivp

from baiterek.constants import (
    G0,
    K_BOLTZMANN_US76,
    M0_AIR,
    N_AVOGADRO_US76,
    R_EARTH_US76,
    R_GAS_STAR,
)

OUT = Path(__file__).resolve().parents[1] / "src/baiterek/data/atmosphere/us76_upper.csv"

R0 = R_EARTH_US76 / 1000.0  # km
RSTAR = R_GAS_STAR  # J/(K mol)
M0 = M0_AIR  # kg/mol

# Temperature segments (US76 Part 1, sec. 1.3; Table 5 for the break points).
Z7, Z8, Z9, Z10, Z12 = 86.0, 91.0, 110.0, 120.0, 1000.0
T7, T9, T10, TINF = 186.8673, 240.0, 360.0, 1000.0
TC, A_ELL, a_ELL = 263.1905, -76.3232, -19.9429
LK9 = 12.0  # K/km
LAMBDA = LK9 / (TINF - T10)  # 1/km

# Species order: N2, O, O2, Ar, He, H.  Molar masses (kg/mol), US76 Table 3.
M_I = np.array([28.0134, 15.9994, 31.9988, 39.948, 4.0026, 1.00797]) * 1e-3
# Number densities at 86 km, m^-3 (US76 Part 1, sec. 1.3 / Table 9 at 86 km).
N86 = np.array([1.129794e20, 8.6e16, 3.030898e19, 1.3514e18, 7.5817e14])
# Thermal-diffusion factor alpha_i, a_i (m^-1 s^-1), b_i: US76 Table 6 (O, O2, Ar, He, H).
ALPHA = np.array([0.0, 0.0, 0.0, 0.0, -0.40, -0.25])
A_D = np.array([np.nan, 6.986e20, 4.863e20, 4.487e20, 1.700e21, 3.305e21])
B_D = np.array([np.nan, 0.750, 0.750, 0.870, 0.691, 0.500])
# Vertical-flux terms, US76 Table 7 (km^-3, km): O, O2, Ar, He.
Q_F = np.array([0.0, -5.809644e-4, 1.366212e-4, 9.434079e-5, -2.457369e-4])
U_F = np.array([0.0, 56.90311, 86.0, 86.0, 86.0])
W_F = np.array([0.0, 2.706240e-5, 8.333333e-5, 8.333333e-5, 6.666667e-4])
Q2_O, U2_O, W2_O = -3.416248e-3, 97.0, 5.008765e-4  # O only, below 97 km
# Hydrogen (US76 sec. 1.3): flux, reference density and altitude.
PHI_H = 7.2e11  # m^-2 s^-1
N_H_500 = 8.0e10  # m^-3
Z11, Z_H_LOW = 500.0, 150.0
# Eddy diffusion (US76 sec. 1.3).
K7 = 120.0  # m^2/s
Z_MIX = 100.0  # km, M = M0 below (mixed), mixture mean above
Z_K_END = 115.0  # km


def temperature(z):
    """Kinetic temperature (K) and dT/dZ (K/km) at geometric altitude z (km), 86-1000 km."""
    z = np.asarray(z, float)
    t = np.full_like(z, T7)
    dt = np.zeros_like(z)
    m = (z >= Z8) & (z < Z9)
    x = (z[m] - Z8) / a_ELL
    s = np.sqrt(1.0 - x * x)
    t[m] = TC + A_ELL * s
    dt[m] = -A_ELL / a_ELL * x / s
    m = (z >= Z9) & (z < Z10)
    t[m] = T9 + LK9 * (z[m] - Z9)
    dt[m] = LK9
    m = z >= Z10
    xi = (z[m] - Z10) * (R0 + Z10) / (R0 + z[m])
    e = np.exp(-LAMBDA * xi)
    t[m] = TINF - (TINF - T10) * e
    dt[m] = LAMBDA * (TINF - T10) * ((R0 + Z10) / (R0 + z[m])) ** 2 * e
    return t, dt


def gravity(z):
    """Gravity (m/s^2) at geometric altitude z (km)."""
    return G0 * (R0 / (R0 + z)) ** 2


def eddy(z):
    """Eddy diffusion coefficient K (m^2/s) at z (km)."""
    if z < 95.0:
        return K7
    if z < Z_K_END:
        return K7 * np.exp(1.0 - 400.0 / (400.0 - (z - 95.0) ** 2))
    return 0.0


def flux_term(z, i):
    """Empirical vertical-flux term v_i/(D_i + K), 1/km, species index i in 1..4."""
    d = z - U_F[i]
    v = Q_F[i] * d * d * np.exp(-W_F[i] * d**3)
    if i == 1 and z < U2_O:
        d2 = U2_O - z
        v += Q2_O * d2 * d2 * np.exp(-W2_O * d2**3)
    return v


def rhs(z, y):
    """d ln n_i / dZ (1/km) for N2, O, O2, Ar, He."""
    n = np.exp(y)
    t, dt = (float(v[0]) for v in temperature(np.array([z])))
    g = gravity(z)
    k = eddy(z)
    out = np.empty(5)
    common = -dt / t
    m_n2 = M0 if z < Z_MIX else M_I[0]
    out[0] = common - m_n2 * g / (RSTAR * t) * 1e3
    m_mix = M0 if z < Z_MIX else float(np.dot(n, M_I[:5]) / n.sum())
    for i in range(1, 5):
        n_bg = n[0] if i <= 2 else n[0] + n[1] + n[2]
        if k > 0.0:
            d = A_D[i] * (t / 273.15) ** B_D[i] / n_bg
            f = d * (M_I[i] + m_mix * k / d + ALPHA[i] * RSTAR * dt * 1e-3 / g) / (d + k)
        else:
            f = M_I[i] + ALPHA[i] * RSTAR * dt * 1e-3 / g
        out[i] = common - g * f / (RSTAR * t) * 1e3 - flux_term(z, i)
    return out


def integrate_species(z_out):
    """ln n (m^-3) of N2, O, O2, Ar, He at the sorted altitudes z_out (km)."""
    breaks = [Z7, Z8, 95.0, U2_O, Z_MIX, Z9, Z_K_END, Z10, Z12]
    y = np.log(N86)
    res = np.empty((len(z_out), 5))
    for z0, z1 in zip(breaks[:-1], breaks[1:], strict=True):
        sel = (z_out >= z0) & (z_out <= z1)
        sol = solve_ivp(
            rhs, (z0, z1), y, method="DOP853", rtol=1e-11, atol=1e-11, dense_output=True
        )
        if sel.any():
            res[sel] = sol.sol(z_out[sel]).T
        y = sol.y[:, -1]
    return res


def hydrogen(z_fine, n_fine):
    """n(H) (m^-3) on the fine grid z_fine (km, 150..1000), given the other species n_fine."""
    t, _ = temperature(z_fine)
    g = gravity(z_fine)
    i500 = int(np.argmin(np.abs(z_fine - Z11)))
    dz_m = 1e3
    tau_int = M_I[5] * g / (RSTAR * t) * dz_m
    tau = cumulative_simpson(tau_int, x=z_fine, initial=0.0)
    tau -= tau[i500]
    t11 = t[i500]
    d_h = A_D[5] * (t / 273.15) ** B_D[5] / n_fine.sum(axis=1)
    integrand = PHI_H / d_h * (t / t11) ** (1.0 + ALPHA[5]) * np.exp(tau) * dz_m
    integ = cumulative_simpson(integrand, x=z_fine, initial=0.0)
    integ -= integ[i500]
    return (t11 / t) ** (1.0 + ALPHA[5]) * np.exp(-tau) * (N_H_500 - integ)


def main() -> None:
    z_tab = np.arange(86.0, 1000.0 + 0.25, 0.5)
    z_fine = np.linspace(Z_H_LOW, Z12, int(round((Z12 - Z_H_LOW) / 0.01)) + 1)
    z_all = np.union1d(z_tab, z_fine)
    ln_n = integrate_species(z_all)
    n_all = np.exp(ln_n)
    n_h = np.zeros(len(z_all))
    hi = z_all >= Z_H_LOW
    n_h[hi] = hydrogen(z_all[hi], n_all[hi])
    n6 = np.column_stack([n_all, n_h])
    idx = np.searchsorted(z_all, z_tab)
    n6 = n6[idx]
    t, _ = temperature(z_tab)
    n_tot = n6.sum(axis=1)
    p = n_tot * K_BOLTZMANN_US76 * t
    rho = n6 @ M_I / N_AVOGADRO_US76
    m_mean = rho * N_AVOGADRO_US76 / n_tot
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="\n") as f:
        f.write(
            "# U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), 86-1000 km; "
            "generated by scripts/generate_us76_upper.py\n"
        )
        f.write("altitude_m,temperature_K,pressure_Pa,density_kg_m3,molar_mass_kg_mol\n")
        for row in zip(z_tab * 1e3, t, p, rho, m_mean, strict=True):
            f.write(f"{row[0]:.1f},{row[1]:.7f},{row[2]:.9e},{row[3]:.9e},{row[4]:.9e}\n")
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT} ({len(z_tab)} rows)")
    print(f"sha256 {digest}")
    for zk in (86, 100, 150, 200, 300, 500, 1000):
        k = int(2 * (zk - 86))
        print(f"{zk:5d} km  T={t[k]:9.3f}  p={p[k]:.5e}  rho={rho[k]:.5e}  n={n6[k]}")


if __name__ == "__main__":
    main()
