#include "ppm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int read_header_int(FILE *in, int *value)
{
    int c;

    /* skip whitespace and '#' comments */
    for (;;) {
        c = fgetc(in);
        if (c == '#') {
            while (c != '\n' && c != EOF)
                c = fgetc(in);
        } else if (!isspace(c)) {
            break;
        }
    }
    if (!isdigit(c))
        return -1;
    *value = 0;
    while (isdigit(c)) {
        *value = *value * 10 + (c - '0');
        c = fgetc(in);
    }
    return 0;
}

int ppm_read(FILE *in, struct image *img)
{
    char magic[2];
    int maxval;
    size_t size;

    if (fread(magic, 1, 2, in) != 2 || magic[0] != 'P' || magic[1] != '6')
        return -1;
    if (read_header_int(in, &img->width) || read_header_int(in, &img->height) ||
        read_header_int(in, &maxval) || maxval != 255)
        return -1;
    if (img->width <= 0 || img->height <= 0 || img->width > 8192 || img->height > 8192)
        return -1;

    size = (size_t)img->width * (size_t)img->height * 3;
    img->pixels = malloc(size);
    if (!img->pixels)
        return -1;
    if (fread(img->pixels, 1, size, in) != size) {
        image_free(img);
        return -1;
    }
    return 0;
}

int ppm_write(FILE *out, const struct image *img)
{
    size_t size = (size_t)img->width * (size_t)img->height * 3;

    if (fprintf(out, "P6\n%d %d\n255\n", img->width, img->height) < 0)
        return -1;
    return fwrite(img->pixels, 1, size, out) == size ? 0 : -1;
}

int image_scale_to_width(const struct image *src, int width, struct image *dst)
{
    int x, y, c, sx, sy;

    if (width <= 0 || width >= src->width) {
        width = src->width;
    }
    dst->width = width;
    dst->height = (int)((long)src->height * width / src->width);
    if (dst->height == 0)
        dst->height = 1;
    dst->pixels = malloc((size_t)dst->width * (size_t)dst->height * 3);
    if (!dst->pixels)
        return -1;

    /* box filter: average every source pixel that maps onto the target pixel */
    for (y = 0; y < dst->height; y++) {
        int y0 = y * src->height / dst->height;
        int y1 = (y + 1) * src->height / dst->height;
        if (y1 <= y0)
            y1 = y0 + 1;
        for (x = 0; x < dst->width; x++) {
            int x0 = x * src->width / dst->width;
            int x1 = (x + 1) * src->width / dst->width;
            unsigned sum[3] = {0, 0, 0};
            unsigned n = 0;
            if (x1 <= x0)
                x1 = x0 + 1;
            for (sy = y0; sy < y1; sy++) {
                const uint8_t *row = src->pixels + ((size_t)sy * src->width) * 3;
                for (sx = x0; sx < x1; sx++, n++)
                    for (c = 0; c < 3; c++)
                        sum[c] += row[sx * 3 + c];
            }
            for (c = 0; c < 3; c++)
                dst->pixels[((size_t)y * dst->width + x) * 3 + c] = (uint8_t)(sum[c] / n);
        }
    }
    return 0;
}

void image_free(struct image *img)
{
    free(img->pixels);
    img->pixels = NULL;
}
