/*
 * thumbnailer: serves downscaled thumbnails of the images in /assets.
 *
 * Runs as a WAGI (CGI-style) handler under Spin: the request arrives in
 * environment variables (PATH_INFO, QUERY_STRING), the response is written to
 * stdout as CGI headers + body. Can also be run from the command line:
 *
 *   wasmtime run --dir assets::/assets --dir cache::/cache thumbnailer.wasm logo 64
 *
 * Thumbnails are cached in /cache/thumbs (written with fopen "wb" + rename)
 * and old entries are evicted on every request.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "ppm.h"

#define ASSET_DIR "/assets"
#define DEFAULT_WIDTH 128

static const struct cache thumb_cache = {
    .dir = "/cache/thumbs",
    .max_age_secs = 24 * 60 * 60,
    .max_entries = 256,
};

static void respond_error(int status, const char *reason, const char *detail)
{
    printf("Status: %d %s\r\nContent-Type: text/plain\r\n\r\n%s\n", status, reason, detail);
}

/* accept only [A-Za-z0-9_-] so the name can't escape the asset directory */
static int valid_name(const char *name)
{
    if (!*name || strlen(name) > 64)
        return 0;
    for (; *name; name++) {
        char ch = *name;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
            return 0;
    }
    return 1;
}

static int query_width(const char *query)
{
    const char *w = query ? strstr(query, "w=") : NULL;
    int width = w ? atoi(w + 2) : DEFAULT_WIDTH;
    return (width >= 16 && width <= 1024) ? width : DEFAULT_WIDTH;
}

static int copy_stream(FILE *in, FILE *out)
{
    char buf[8192];
    size_t n;

    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            return -1;
    return ferror(in) ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *name;
    int width;
    char asset[256];
    FILE *in, *cached;
    struct image src, thumb;
    int evicted;

    if (argc >= 2) {                      /* command line */
        name = argv[1];
        width = argc >= 3 ? atoi(argv[2]) : DEFAULT_WIDTH;
    } else {                              /* WAGI: /thumbnail/<name>?w=<width> */
        const char *path_info = getenv("PATH_INFO");
        name = path_info ? path_info + (path_info[0] == '/') : "";
        width = query_width(getenv("QUERY_STRING"));
    }
    if (!valid_name(name)) {
        respond_error(400, "Bad Request", "usage: /thumbnail/<name>?w=<16..1024>");
        return 0;
    }

    if (cache_init(&thumb_cache) != 0)
        fprintf(stderr, "thumbnailer: cannot create %s: %s\n", thumb_cache.dir, strerror(errno));
    evicted = cache_evict(&thumb_cache);
    if (evicted > 0)
        fprintf(stderr, "thumbnailer: evicted %d cache entries\n", evicted);

    cached = cache_lookup(&thumb_cache, name, width);
    if (cached) {
        printf("Content-Type: image/x-portable-pixmap\r\nX-Cache: HIT\r\n\r\n");
        fflush(stdout);
        copy_stream(cached, stdout);
        fclose(cached);
        return 0;
    }

    snprintf(asset, sizeof(asset), "%s/%s.ppm", ASSET_DIR, name);
    in = fopen(asset, "rb");
    if (!in) {
        respond_error(404, "Not Found", strerror(errno));
        return 0;
    }
    if (ppm_read(in, &src) != 0) {
        fclose(in);
        respond_error(415, "Unsupported Media Type", "only binary PPM (P6) is supported");
        return 0;
    }
    fclose(in);

    if (image_scale_to_width(&src, width, &thumb) != 0) {
        image_free(&src);
        respond_error(500, "Internal Server Error", "out of memory");
        return 1;
    }
    image_free(&src);

    if (cache_store(&thumb_cache, name, width, &thumb) != 0)
        fprintf(stderr, "thumbnailer: cache write failed: %s\n", strerror(errno));

    printf("Content-Type: image/x-portable-pixmap\r\nX-Cache: MISS\r\n\r\n");
    ppm_write(stdout, &thumb);
    image_free(&thumb);
    return 0;
}
