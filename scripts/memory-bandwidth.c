// How fast one core and two cores at once stream a buffer of each size (read and write back, AVX2), in GB/s of
// traffic, best of 5 rounds: whether what a training step moves (a layer's weights, Adam's moments) scales from one
// thread to two on this machine. On a virtual machine the last-level cache and memory are shared with other guests.
//
//   clang -O2 -mavx2 scripts/memory-bandwidth.c -lpthread -o /tmp/memory-bandwidth && /tmp/memory-bandwidth
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef struct {
    float *buffer;
    long count;
    int cpu;
    double seconds;
} stream;

enum { PASSES = 20 };

// Each pass reads every vector of the buffer and writes a quarter of them back (an Adam-like mix of loads and stores).
static void *run(void *argument) {
    stream *s = argument;
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(s->cpu, &cpus);
    pthread_setaffinity_np(pthread_self(), sizeof cpus, &cpus);
    const double start = now();
    for (int pass = 0; pass < PASSES; pass++)
        for (long i = 0; i < s->count; i += 32) {
            __m256 sum = _mm256_add_ps(_mm256_load_ps(s->buffer + i), _mm256_load_ps(s->buffer + i + 8));
            sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_load_ps(s->buffer + i + 16), _mm256_load_ps(s->buffer + i + 24)));
            _mm256_store_ps(s->buffer + i, _mm256_mul_ps(sum, _mm256_set1_ps(0.25f)));
        }
    s->seconds = now() - start;
    return 0;
}

int main(void) {
    const long sizes[] = {256 << 10, 2 << 20, 8 << 20, 64 << 20};
    printf("per thread   1 thread    2 threads   ratio   (GB/s read + written, best of 5)\n");
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        double best[3] = {0, 0, 0};
        stream streams[2];
        for (int t = 0; t < 2; t++) {
            streams[t].count = sizes[z] / sizeof(float);
            streams[t].buffer = aligned_alloc(64, sizes[z]);
            streams[t].cpu = t;
            for (long i = 0; i < streams[t].count; i++) streams[t].buffer[i] = 1;
        }
        for (int round = 0; round < 5; round++)
            for (int threads = 1; threads <= 2; threads++) {
                pthread_t ids[2];
                for (int t = 0; t < threads; t++) pthread_create(&ids[t], 0, run, &streams[t]);
                double total = 0;
                for (int t = 0; t < threads; t++) {
                    pthread_join(ids[t], 0);
                    total += (double)sizes[z] * 1.25 * PASSES / streams[t].seconds / 1e9;
                }
                if (total > best[threads]) best[threads] = total;
            }
        printf("%6ld KB  %9.1f  %11.1f  %6.2f\n", sizes[z] >> 10, best[1], best[2], best[2] / best[1]);
        for (int t = 0; t < 2; t++) free(streams[t].buffer);
    }
    return 0;
}
