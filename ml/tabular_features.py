"""Tabular featurisers, mirrored exactly by functions/ml/*-features.ts (same operation order, float64
arithmetic rounded to float32 at the end); tests/ml compares both on fixtures written from here."""

import math

# ------------------------------------------------------------------ AI4I 2020
AI4I_FEATURES = [
    "typeQuality",  # L=0, M=1, H=2: the product variant sets the overstrain limit
    "airTemperatureK",
    "processTemperatureK",
    "temperatureDifferenceK",  # heat dissipation fails when this gets small at low speed
    "rotationalSpeedRpm",
    "torqueNm",
    "powerW",  # torque × angular speed
    "toolWearMin",
    "wearTorqueMinNm",  # overstrain grows with wear × torque
    "overstrainRatio",  # wear × torque over the variant's documented limit
    "heatDissipationRisk",  # 1 when the temperature difference < 8.6 K and the speed < 1380 rpm, else 0
    "powerOutsideBandW",  # how far power lies below 3500 W or above 9000 W (0 inside the band)
]
AI4I_TYPE = {"L": 0, "M": 1, "H": 2}
AI4I_STRAIN_LIMIT = {"L": 11000.0, "M": 12000.0, "H": 13000.0}
# Documented failure physics (Matzka 2020): heat dissipation fails below this temperature difference
# at speeds below this rpm; power failure outside this band of power.
AI4I_HDF_TEMP_DIFF_K = 8.6
AI4I_HDF_RPM = 1380.0
AI4I_POWER_BAND_W = (3500.0, 9000.0)


def ai4i_features(r):
    """r: dict with type, airTemperatureK, processTemperatureK, rotationalSpeedRpm, torqueNm, toolWearMin."""
    t = r["type"]
    air, proc, rpm, torque, wear = (
        float(r["airTemperatureK"]),
        float(r["processTemperatureK"]),
        float(r["rotationalSpeedRpm"]),
        float(r["torqueNm"]),
        float(r["toolWearMin"]),
    )
    wear_torque = wear * torque
    temp_diff = proc - air
    power = torque * rpm * 2 * math.pi / 60
    low, high = AI4I_POWER_BAND_W
    return [
        float(AI4I_TYPE[t]),
        air,
        proc,
        temp_diff,
        rpm,
        torque,
        power,
        wear,
        wear_torque,
        wear_torque / AI4I_STRAIN_LIMIT[t],
        1.0 if temp_diff < AI4I_HDF_TEMP_DIFF_K and rpm < AI4I_HDF_RPM else 0.0,
        max(low - power, 0.0) + max(power - high, 0.0),
    ]


# ------------------------------------------------------------------ vehicles
VEHICLE_FEATURES = [
    "engineTemp",
    "oilPressure",
    "batteryVoltage",
    "rpm",
    "engineLoad",
    "hoursSinceService",
    "oilPressurePerKrpm",  # pressure the pump delivers per 1000 rpm: low means wear or leak
    "tempOverExpected",  # engine temperature above what the load explains
]
VEHICLE_DEFAULTS = {"engineLoad": 50.0, "hoursSinceService": 200.0}


def vehicle_features(r):
    temp = float(r["engineTemp"])
    oil = float(r["oilPressure"])
    volt = float(r["batteryVoltage"])
    rpm = float(r["rpm"])
    load = float(r["engineLoad"]) if r.get("engineLoad") is not None else VEHICLE_DEFAULTS["engineLoad"]
    hss = (
        float(r["hoursSinceService"])
        if r.get("hoursSinceService") is not None
        else VEHICLE_DEFAULTS["hoursSinceService"]
    )
    return [temp, oil, volt, rpm, load, hss, oil / (max(rpm, 1.0) / 1000), temp - (82 + 0.12 * load)]


# ------------------------------------------------------------------ driving windows
DRIVING_FEATURES = [
    "meanSpeed",
    "speedStd",
    "maxAcceleration",
    "minAcceleration",
    "accelerationStd",
    "meanAbsAcceleration",
    "maxAbsJerk",
    "accelerationReversals",
]


def _mean(xs):
    s = 0.0
    for x in xs:
        s += x
    return s / len(xs)


def _std(xs):
    m = _mean(xs)
    s = 0.0
    for x in xs:
        s += (x - m) * (x - m)
    return math.sqrt(s / len(xs))


def driving_features(speeds, timestamps_ms):
    """speeds in km/h, timestamps in ms; acceleration in m/s² from consecutive samples."""
    acc = []
    for i in range(1, len(speeds)):
        dt = (timestamps_ms[i] - timestamps_ms[i - 1]) / 1000
        acc.append((speeds[i] - speeds[i - 1]) / 3.6 / dt)
    jerk = []
    for i in range(1, len(acc)):
        dt = (timestamps_ms[i + 1] - timestamps_ms[i]) / 1000
        jerk.append(abs(acc[i] - acc[i - 1]) / dt)
    reversals = 0
    for i in range(1, len(acc)):
        if acc[i] * acc[i - 1] < 0 and abs(acc[i]) > 1.0 and abs(acc[i - 1]) > 1.0:
            reversals += 1
    abs_acc = [abs(a) for a in acc]
    return [
        _mean(speeds),
        _std(speeds),
        max(acc),
        min(acc),
        _std(acc),
        _mean(abs_acc),
        max(jerk) if jerk else 0.0,
        float(reversals),
    ]
