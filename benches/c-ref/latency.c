/* Latency of glibc's expf and of a sigmoid made from it: chains of dependent calls, the same
 * chains as the `latency/*` criterion benchmarks (each argument is the previous result times 4
 * minus 2.5). Prints one JSON line per chain, in nanoseconds per call (best of 20 runs).
 * Build: gcc -O3 -march=native -ffp-contract=off latency.c -lm (as benches/compare.sh does) */
#include <math.h>
#include <stdio.h>
#include <time.h>

#define CALLS 1000000

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

static float sigmoid(float z) { return 1.0f / (1.0f + expf(-z)); }
static float expf_scaled(float x) { return expf(x) * 0.125f; }
static float mul_only(float x) { return x * 0.25f; }

static void chain(const char *name, float (*f)(float)) {
    double best = 1e30;
    for (int run = 0; run < 20; run++) {
        volatile float seed = 0.3f;
        float x = seed;
        double t = now();
        for (int i = 0; i < CALLS; i++) x = f(x) * 4.0f - 2.5f;
        double dt = (now() - t) * 1e9 / CALLS;
        volatile float sink = x;
        (void)sink;
        if (dt < best) best = dt;
    }
    printf("{\"peer\": \"c-ref\", \"workload\": \"latency-%s\", \"per_unit_ns\": %.3f}\n", name, best);
}

int main(void) {
    chain("sigmoid", sigmoid);
    chain("exp", expf_scaled);
    chain("mul_add", mul_only);
    return 0;
}
