// zlib, for the gzip-compressed layers of container images (the system's library: /usr/include/zlib.h).
#include <zlib.h>
