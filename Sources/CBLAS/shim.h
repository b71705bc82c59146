// OpenBLAS's CBLAS interface plus its thread-count control, and the LAPACK routines the Insight
// target uses (OpenBLAS ships LAPACK; Debian's libopenblas-dev has no lapacke header for it).
#include <cblas.h>

/// Eigenvalues (ascending) and eigenvectors of a symmetric matrix, divide and conquer (LAPACK).
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info);
