#!/usr/bin/env python3
"""Generate the fixed benchmark workloads W1-W4 (described in ref.c and in BENCHMARKS.md at the repository root).

All files are raw little-endian, row-major. f32 unless noted.
Deterministic: numpy.random.default_rng(SEED) (PCG64), numpy >= 1.17.
"""
import os, sys
import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(OUT, exist_ok=True)

def save(name, arr):
    arr.tofile(os.path.join(OUT, name))

# ---- W1/W2/W3: 2-2-1 ----
rng = np.random.default_rng(20240601)
x = rng.standard_normal((1000, 2)).astype(np.float32)
y_xor = (x[:, 0] * x[:, 1] > 0).astype(np.float32)   # quadrant "XOR" rule
y_lin = (x[:, 0] + x[:, 1] > 0).astype(np.float32)   # linearly separable rule
save("w1_x.f32", x); save("w1_y_xor.f32", y_xor); save("w1_y_lin.f32", y_lin)
# initial weights: W1[2 hidden][2 in], b1[2], W2[1][2], b2[1]  -> 9 floats
rng = np.random.default_rng(7)
W1 = rng.uniform(-1.0, 1.0, (2, 2)).astype(np.float32)
b1 = rng.uniform(-1.0, 1.0, 2).astype(np.float32)
W2 = rng.uniform(-1.0, 1.0, (1, 2)).astype(np.float32)
b2 = rng.uniform(-1.0, 1.0, 1).astype(np.float32)
save("w1_init.f32", np.concatenate([W1.ravel(), b1, W2.ravel(), b2]).astype(np.float32))

# ---- W4: 16-64-64-4 ----
rng = np.random.default_rng(4096)
x4 = rng.standard_normal((4096, 16)).astype(np.float32)
T = rng.standard_normal((16, 4)).astype(np.float32)       # hidden "teacher"
y4 = np.argmax(np.tanh(x4 @ T) + 0.5 * np.sin(2 * x4[:, :4]), axis=1).astype(np.int32)
save("w4_x.f32", x4); save("w4_y.i32", y4)
def he(o, i):
    return (rng.standard_normal((o, i)) * np.sqrt(2.0 / i)).astype(np.float32)
A1, A2, A3 = he(64, 16), he(64, 64), he(4, 64)
parts = [A1.ravel(), np.zeros(64, np.float32), A2.ravel(), np.zeros(64, np.float32),
         A3.ravel(), np.zeros(4, np.float32)]
save("w4_init.f32", np.concatenate(parts).astype(np.float32))
print(f"wrote data to {OUT}: w1 xor-pos={y_xor.mean():.3f} lin-pos={y_lin.mean():.3f} "
      f"w4 class counts={np.bincount(y4, minlength=4).tolist()}")
