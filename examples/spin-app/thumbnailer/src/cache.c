/* wasi-ready-ignore-file c/fs-write -- the thumbnail cache is best-effort: on a read-only mount (Spin, Akamai Functions) every write fails, is logged, and the thumbnail is rendered for each request */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cache_init(const struct cache *c)
{
    char parent[256];
    char *slash;

    /* mkdir -p for two levels: /cache and /cache/thumbs */
    snprintf(parent, sizeof(parent), "%s", c->dir);
    slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdir(parent, 0755) != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(c->dir, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int cache_path(const struct cache *c, const char *name, int width, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/%s-w%d.ppm", c->dir, name, width);
    return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

FILE *cache_lookup(const struct cache *c, const char *name, int width)
{
    char path[512];
    struct stat st;

    if (cache_path(c, name, width, path, sizeof(path)))
        return NULL;
    if (stat(path, &st) != 0)
        return NULL;
    if (c->max_age_secs > 0 && time(NULL) - st.st_mtime > c->max_age_secs)
        return NULL;
    return fopen(path, "rb");
}

int cache_store(const struct cache *c, const char *name, int width, const struct image *img)
{
    char path[512], tmp[520];
    FILE *out;

    if (cache_path(c, name, width, path, sizeof(path)))
        return -1;
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);

    /* write to a temp file, then rename over the final name */
    out = fopen(tmp, "wb");
    if (!out)
        return -1;
    if (ppm_write(out, img) != 0) {
        fclose(out);
        unlink(tmp);
        return -1;
    }
    if (fclose(out) != 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

struct entry {
    char name[256];
    time_t mtime;
};

static int by_mtime(const void *a, const void *b)
{
    const struct entry *ea = a, *eb = b;
    return (ea->mtime > eb->mtime) - (ea->mtime < eb->mtime);
}

int cache_evict(const struct cache *c)
{
    DIR *dir;
    struct dirent *de;
    struct entry *entries = NULL;
    int count = 0, cap = 0, i, removed = 0;
    time_t now = time(NULL);
    char path[512];
    struct stat st;

    dir = opendir(c->dir);
    if (!dir)
        return -1;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", c->dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        /* stale entries and leftovers of interrupted writes go right away */
        if ((c->max_age_secs > 0 && now - st.st_mtime > c->max_age_secs) ||
            strstr(de->d_name, ".tmp") != NULL) {
            if (unlink(path) == 0)
                removed++;
            continue;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 32;
            entries = realloc(entries, (size_t)cap * sizeof(*entries));
            if (!entries) {
                closedir(dir);
                return -1;
            }
        }
        snprintf(entries[count].name, sizeof(entries[count].name), "%s", de->d_name);
        entries[count].mtime = st.st_mtime;
        count++;
    }
    closedir(dir);

    if (c->max_entries > 0 && count > c->max_entries) {
        qsort(entries, (size_t)count, sizeof(*entries), by_mtime);
        for (i = 0; i < count - c->max_entries; i++) {
            snprintf(path, sizeof(path), "%s/%s", c->dir, entries[i].name);
            if (unlink(path) == 0)
                removed++;
        }
    }
    free(entries);
    return removed;
}
