// The engine's GEMM shapes on one thread: OpenBLAS's cblas_sgemm against our kernel for this CPU (avx512_sgemm where
// it has AVX-512, else avx2_sgemm), best of 5 rounds of about 2 GFLOP each, in GFLOP/s. For tuning
// Sources/CAVX512/sgemm.c and sgemm_avx2.c.
//
//   clang -O2 -I Sources/CAVX512/include scripts/gemm-shapes.c Sources/CAVX512/*.c -lopenblas -o /tmp/gemm-shapes
//   /tmp/gemm-shapes            # warm operands
//   /tmp/gemm-shapes 32         # B cycled through 32 copies, so that it comes from L3 or memory, as a layer's
//                               # weights do inside a training step
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "avx512.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *random_matrix(long count) {
    float *values = malloc(sizeof(float) * count);
    for (long i = 0; i < count; i++) values[i] = rand() / (float)RAND_MAX - 0.5f;
    return values;
}

int main(int argc, char **argv) {
    void (*const ours)(int, int, long, long, long, const float *, long, const float *, long, float, float *, long) =
        avx512_available() ? avx512_sgemm : avx2_sgemm;
    const int copies = argc > 1 ? atoi(argv[1]) : 1;
    if (copies < 1 || copies > 64) {
        fprintf(stderr, "gemm-shapes: copies of B must be 1 to 64, not %s\n", argv[1]);
        return 2;
    }
    // (transposeA, transposeB, m, n, k, lda, beta) as the engine calls them: each part's share on 2 threads (Linear
    // splits by weight rows, 64-row blocks of weight gradients, dY read in place with the layer's outputs as its
    // stride; conv2 image by image), at batch 20 and 128 and the validation batch of 200. lda 0: A packed (k, or m
    // when transposed).
    static const struct { int ta, tb, m, n, k, lda, beta; const char *what; } shapes[] = {
        {0, 1, 20, 256, 784, 0, 1, "FCNN fc1 forward, batch 20"},
        {0, 1, 128, 256, 784, 0, 1, "FCNN fc1 forward, batch 128"},
        {0, 1, 200, 256, 784, 0, 1, "FCNN fc1 forward, validation"},
        {0, 1, 128, 128, 512, 0, 1, "FCNN fc2 forward, batch 128"},
        {1, 0, 64, 784, 20, 512, 0, "FCNN fc1 dW block, batch 20"},
        {1, 0, 64, 784, 128, 512, 0, "FCNN fc1 dW block, batch 128"},
        {0, 0, 20, 512, 128, 256, 0, "FCNN fc2 dX, batch 20"},
        {0, 0, 128, 512, 128, 256, 0, "FCNN fc2 dX, batch 128"},
        {1, 0, 64, 512, 20, 256, 0, "FCNN fc2 dW block, batch 20"},
        {1, 0, 64, 512, 128, 256, 0, "FCNN fc2 dW block, batch 128"},
        {1, 0, 10, 256, 128, 10, 0, "FCNN out dW, batch 128"},
        {0, 1, 20, 256, 1568, 0, 1, "CNN fc1 forward, batch 20"},
        {0, 1, 128, 256, 1568, 0, 1, "CNN fc1 forward, batch 128"},
        {0, 1, 200, 256, 1568, 0, 1, "CNN fc1 forward, validation"},
        {1, 0, 64, 1568, 20, 512, 0, "CNN fc1 dW block, batch 20"},
        {1, 0, 64, 1568, 128, 512, 0, "CNN fc1 dW block, batch 128"},
        {0, 0, 20, 1568, 256, 512, 0, "CNN fc1 dX, batch 20"},
        {0, 0, 128, 1568, 256, 512, 0, "CNN fc1 dX, batch 128"},
        {0, 0, 32, 196, 144, 0, 1, "conv2 forward, one image"},
        {1, 0, 144, 196, 32, 0, 0, "conv2 dX, one image"},
        {0, 1, 32, 144, 196, 0, 1, "conv2 dW, one image"},
    };
    openblas_set_num_threads(1);
    printf("B in %d cop%s; GFLOP/s on one thread, best of 5; ours: %s\n", copies, copies == 1 ? "y" : "ies",
           ours == avx512_sgemm ? "avx512_sgemm" : "avx2_sgemm");
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const int ta = shapes[s].ta, tb = shapes[s].tb, m = shapes[s].m, n = shapes[s].n, k = shapes[s].k;
        const int lda = shapes[s].lda ? shapes[s].lda : ta ? m : k, ldb = tb ? k : n, ldc = n;
        const float beta = shapes[s].beta;
        float *a = random_matrix((long)(ta ? k : m) * lda), *c = random_matrix((long)m * n), *b[64];
        for (int i = 0; i < copies; i++) b[i] = random_matrix((long)k * n);
        const double flop = 2.0 * m * n * k;
        const int repeats = (int)(2e9 / flop) + 1;
        double best[2] = {1e30, 1e30};
        for (int round = 0; round < 5; round++) {
            double start = now();
            for (int r = 0; r < repeats; r++)
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1,
                            a, lda, b[r % copies], ldb, beta, c, ldc);
            const double blas = now() - start;
            start = now();
            for (int r = 0; r < repeats; r++) ours(ta, tb, m, n, k, a, lda, b[r % copies], ldb, beta, c, ldc);
            const double own = now() - start;
            if (blas < best[0]) best[0] = blas;
            if (own < best[1]) best[1] = own;
        }
        printf("%-28s %c%c m=%3d n=%4d k=%4d lda=%4d beta %d  OpenBLAS %6.1f  ours %6.1f\n", shapes[s].what, ta ? 'T' : 'N',
               tb ? 'T' : 'N', m, n, k, lda, shapes[s].beta, flop * repeats / best[0] / 1e9, flop * repeats / best[1] / 1e9);
        free(a);
        free(c);
        for (int i = 0; i < copies; i++) free(b[i]);
    }
    return 0;
}
