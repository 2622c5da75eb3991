"""Simulated fleet data for the vehicle failure and driving-anomaly models.

Both generators follow the sensor contract of PRODUCT.md (engineTemp °C, oilPressure psi, speed
km/h, rpm, batteryVoltage V) and are seeded, so `npm run ml:train` reproduces them exactly.
The models trained on them are trained on SIMULATED data: their metrics say how well the pipeline
recovers the simulated physics, not how real engines fail.
"""

import math
import random

# ---------------------------------------------------------------- vehicle degradation
FAILURE_HORIZON_H = 48  # label: the vehicle fails within the next 48 operating hours
STEP_H = 2  # one reading every 2 operating hours


def _healthy(r, load, hours_since_service, ambient):
    rpm = 900 + load * 16 + r.gauss(0, 120)
    temp = 82 + 0.12 * load + 0.25 * (ambient - 15) + r.gauss(0, 2.0)
    oil = 28 + rpm / 100 - 0.01 * hours_since_service + r.gauss(0, 2.5)
    volt = 14.0 + r.gauss(0, 0.15)
    return temp, oil, volt, rpm


def simulate_vehicle(r, vid, steps):
    """Readings of one vehicle; some develop a cooling, lubrication or electrical fault."""
    fault = r.choices(["none", "cooling", "lubrication", "electrical", "wear"], [0.55, 0.12, 0.12, 0.11, 0.10])[0]
    fail_step = r.randint(steps // 3, steps - 1) if fault != "none" else None
    ramp = r.randint(24, 120) // STEP_H
    # How strongly this engine's fault shows in each signal: a lubrication fault always drops oil
    # pressure but heats the engine anywhere from not at all to a lot, and so on.
    gain = {
        "cooling": (r.uniform(25, 45), r.uniform(0, 20), 0.0),
        "lubrication": (r.uniform(0, 25), r.uniform(22, 38), 0.0),
        "electrical": (r.uniform(0, 4), 0.0, r.uniform(1.8, 3.2)),
        "wear": (r.uniform(6, 16), r.uniform(6, 16), r.uniform(0.2, 0.8)),
    }.get(fault, (0.0, 0.0, 0.0))
    hours_since_service = r.uniform(0, 400)
    service_every = r.uniform(300, 600)
    rows = []
    for s in range(steps):
        if fail_step is not None and s > fail_step:
            break
        ambient = 15 + 10 * math.sin(s / 12.0) + r.gauss(0, 3)
        load = min(100.0, max(5.0, r.gauss(50, 20)))
        temp, oil, volt, rpm = _healthy(r, load, hours_since_service, ambient)
        # Healthy engines also spike: hot day, heavy load, a bad sensor read.
        if r.random() < 0.03:
            temp += r.uniform(5, 18)
        if r.random() < 0.02:
            oil -= r.uniform(5, 15)
        if r.random() < 0.02:
            volt -= r.uniform(0.5, 1.5)
        if fail_step is not None:
            progress = (s - (fail_step - ramp)) / ramp
            if progress > 0:
                p = min(1.0, progress) ** 1.5
                jitter = r.uniform(0.6, 1.2)
                # Hot oil thins (pressure falls) and starved bearings heat up (temperature rises):
                # the seeds' hot engine with no oil pressure is the end of either fault.
                temp += gain[0] * p * jitter
                oil -= gain[1] * p * jitter
                volt -= gain[2] * p * jitter
        label = 1 if fail_step is not None and fail_step - s < FAILURE_HORIZON_H // STEP_H else 0
        rows.append(
            {
                "vehicleId": vid,
                "step": s,
                "engineTemp": round(temp, 1),
                "oilPressure": round(max(0.0, oil), 1),
                "batteryVoltage": round(volt, 2),
                "rpm": round(max(600.0, rpm)),
                "engineLoad": round(load, 1),
                "hoursSinceService": round(hours_since_service, 1),
                "failureWithin48h": label,
                "fault": fault,
            }
        )
        hours_since_service += STEP_H
        if hours_since_service > service_every and fault == "none":
            hours_since_service = 0.0
    return rows


def degradation_dataset(seed=11, vehicles=360, steps=300):
    r = random.Random(seed)
    out = []
    for i in range(vehicles):
        out.extend(simulate_vehicle(r, f"SIM-{i:04d}", steps))
    return out


# ---------------------------------------------------------------- driving windows
WINDOW = 12  # samples at 1 Hz


def _normal_trace(r, n):
    v = r.uniform(0, 100)
    target = r.uniform(20, 110)
    speeds = []
    for _ in range(n):
        if r.random() < 0.05:
            target = r.choice([0.0, r.uniform(20, 120)])
        a = max(-3.0, min(2.5, (target - v) / 3.6 * 0.25 + r.gauss(0, 0.35)))
        v = max(0.0, v + a * 3.6)
        speeds.append(v + r.gauss(0, 0.4))
    return speeds


def _inject(r, speeds, kind):
    s = list(speeds)
    start = r.randint(2, WINDOW - 4)
    if kind == "harsh_braking":
        s[start] = max(s[start], r.uniform(40, 100))
        decel = r.uniform(6.0, 9.5)
        for i in range(start + 1, min(WINDOW, start + r.randint(2, 4))):
            s[i] = max(0.0, s[i - 1] - decel * 3.6 + r.gauss(0, 0.5))
        for i in range(i + 1, WINDOW):
            s[i] = max(0.0, s[i - 1] + r.gauss(0, 1.0))
    elif kind == "rapid_acceleration":
        acc = r.uniform(4.0, 6.5)
        for i in range(start + 1, min(WINDOW, start + r.randint(3, 5))):
            s[i] = s[i - 1] + acc * 3.6 + r.gauss(0, 0.5)
        for i in range(i + 1, WINDOW):
            s[i] = s[i - 1] + r.gauss(0, 1.0)
    else:  # erratic speed: repeated surges and drops
        amp = r.uniform(8, 20)
        base = max(s[0], 40.0)
        for i in range(WINDOW):
            s[i] = max(0.0, base + (amp if i % 2 == 0 else -amp) + r.gauss(0, 2))
    return s


def driving_windows(seed, n_normal, n_anomalous):
    r = random.Random(seed)
    rows = []
    for _ in range(n_normal):
        rows.append({"speeds": [round(x, 2) for x in _normal_trace(r, WINDOW)], "label": "normal"})
    kinds = ["harsh_braking", "rapid_acceleration", "erratic_speed"]
    for k in range(n_anomalous):
        kind = kinds[k % 3]
        rows.append({"speeds": [round(x, 2) for x in _inject(r, _normal_trace(r, WINDOW), kind)], "label": kind})
    r.shuffle(rows)
    return rows
