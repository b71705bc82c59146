// zlib, for reading the gzip'd IDX files.
#include <zlib.h>
