/* Minimal binary PPM (P6) reader/writer and a box-filter downscaler. */
#ifndef THUMB_PPM_H
#define THUMB_PPM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct image {
    int width;
    int height;
    uint8_t *pixels; /* width * height * 3, RGB */
};

int ppm_read(FILE *in, struct image *img);
int ppm_write(FILE *out, const struct image *img);
int image_scale_to_width(const struct image *src, int width, struct image *dst);
void image_free(struct image *img);

#endif
