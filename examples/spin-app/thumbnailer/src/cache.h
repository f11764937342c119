/* On-disk thumbnail cache: <dir>/<name>-w<width>.ppm, written atomically. */
#ifndef THUMB_CACHE_H
#define THUMB_CACHE_H

#include <stddef.h>

#include "ppm.h"

struct cache {
    const char *dir;     /* e.g. "/cache/thumbs" */
    long max_age_secs;   /* entries older than this are evicted */
    int max_entries;     /* soft cap, oldest are evicted first */
};

int cache_init(const struct cache *c);
int cache_path(const struct cache *c, const char *name, int width, char *buf, size_t len);
/* returns an open FILE* for reading, or NULL on a miss */
FILE *cache_lookup(const struct cache *c, const char *name, int width);
int cache_store(const struct cache *c, const char *name, int width, const struct image *img);
int cache_evict(const struct cache *c);

#endif
