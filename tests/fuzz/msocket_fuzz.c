/*
 * libFuzzer target for the msocket decoder: the input is a seccomp_data
 * followed by a memory image that the fake reader serves at IMAGE_BASE.
 * Addresses outside the image read as EFAULT, as an unmapped page would.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "abi/arch.h"
#include "abi/msocket_abi.h"

#define IMAGE_BASE 0x10000u

struct image {
	const uint8_t *bytes;
	size_t len;
};

static int image_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct image *im = ctx;

	if (addr < IMAGE_BASE || addr - IMAGE_BASE > im->len || len > im->len - (addr - IMAGE_BASE))
		return -EFAULT;
	memcpy(buf, im->bytes + (addr - IMAGE_BASE), len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int encodings[] = { -5, __NR_pivot_root, __NR__sysctl, __NR_socket };
	struct seccomp_data d;
	struct msocket_args a;
	struct image im;
	char path[PATH_MAX];
	int ret;

	if (size < sizeof(d))
		return 0;
	memcpy(&d, data, sizeof(d));
	/* Steer most inputs to the encodings, keep some arbitrary. */
	if (d.nr >= 0 && d.nr < 1000)
		d.nr = encodings[d.nr % 4];
	if (!(d.arch & 1))
		d.arch = ARCH_AUDIT;
	im.bytes = data + sizeof(d);
	im.len = size - sizeof(d);

	ret = msocket_decode(&d, image_read, &im, &a);
	if (ret < -4095 || ret > 1)
		abort();
	if (ret == 1 && a.path) {
		ret = msocket_read_path(image_read, &im, a.path, path);
		if (ret >= PATH_MAX || (ret >= 0 && (path[ret] || strlen(path) != (size_t)ret)))
			abort();
		if (ret < 0 && ret != -EFAULT && ret != -ENAMETOOLONG)
			abort();
	}
	return 0;
}
