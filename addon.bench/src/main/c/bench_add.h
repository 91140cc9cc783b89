/* The C function both baselines call: what "the same C function" means in the benchmark report. */
#ifndef BENCH_ADD_H
#define BENCH_ADD_H

#include <stdint.h>

static inline int32_t bench_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b); /* wraps like Java's int addition, no undefined behaviour */
}

#endif
