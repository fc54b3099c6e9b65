/*
 * Unit test of the msocket decoder, without root: the three encodings
 * (msocket(3)) on synthetic seccomp_data and a synthetic memory, each
 * with the result written by hand, malformed ones included.
 */
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "abi/msocket_abi.h"

#define X86	AUDIT_ARCH_X86_64
#define X32	0x40000000
#define N_pivot_root	155	/* x86_64 */
#define N_sysctl	156
#define N_socket	41
#define BASE	0x10000u	/* where the synthetic memory starts */
#define SIZE	(3 * PATH_MAX)

static unsigned char mem[SIZE];
static int failed;

/* Reads from mem[]; anything outside it is unmapped. */
static int reader(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < BASE || addr - BASE > SIZE || len > SIZE - (addr - BASE))
		return -EFAULT;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put_longs(uint64_t at, int n, const int64_t *v)
{
	memcpy(mem + (at - BASE), v, (size_t)n * sizeof(*v));
}

struct sysctl64 {
	uint64_t name;
	int32_t nlen, pad;
	uint64_t oldval, oldlenp, newval, newlen, unused[4];
};

struct want {
	int ret;
	uint64_t path;
	long domain, type, protocol;
};

static void expect(const char *what, int nr, const uint64_t args[4], struct want w)
{
	struct seccomp_data d = { .nr = nr, .arch = X86 };
	struct msocket_args a = { 0 };
	int ret;

	memcpy(d.args, args, 4 * sizeof(args[0]));
	ret = msocket_decode(&d, reader, NULL, &a);
	if (ret == w.ret && (ret != 1 || (a.path == w.path && a.domain == w.domain &&
					  a.type == w.type && a.protocol == w.protocol)))
		return;
	printf("FAIL: %s: %d {%#llx, %ld, %ld, %ld} (want %d {%#llx, %ld, %ld, %ld})\n", what,
	       ret, (unsigned long long)a.path, a.domain, a.type, a.protocol, w.ret,
	       (unsigned long long)w.path, w.domain, w.type, w.protocol);
	failed = 1;
}

static void encodings(void)
{
	const int64_t block[6] = { BASE + 0x800, AF_INET6, SOCK_DGRAM, 17, 99, 99 };
	const uint64_t at = BASE + 0x100;
	struct sysctl64 s = { .name = 0, .nlen = 2, .newval = at, .newlen = 4 };
	const uint64_t sat = BASE + 0x200;

	put_longs(at, 6, block);
	expect("vuos", -5, (uint64_t[4]){ BASE + 0x800, AF_INET, SOCK_STREAM, 6 },
	       (struct want){ 1, BASE + 0x800, AF_INET, SOCK_STREAM, 6 });
	expect("vuos NULL", -5, (uint64_t[4]){ 0, AF_INET, 0, 0 },
	       (struct want){ 1, 0, AF_INET, 0, 0 });
	expect("pivot_root 4", N_pivot_root, (uint64_t[4]){ 0, 4, 2, at },
	       (struct want){ 1, BASE + 0x800, AF_INET6, SOCK_DGRAM, 17 });
	expect("pivot_root 6", N_pivot_root, (uint64_t[4]){ 0, 6, 2, at },
	       (struct want){ 1, BASE + 0x800, AF_INET6, SOCK_DGRAM, 17 });
	expect("pivot_root 2", N_pivot_root, (uint64_t[4]){ 0, 2, 2, at },
	       (struct want){ 1, BASE + 0x800, AF_INET6, 0, 0 });
	expect("pivot_root 0", N_pivot_root, (uint64_t[4]){ 0, 0, 2, 0 },
	       (struct want){ 1, 0, 0, 0, 0 });
	expect("pivot_root 7", N_pivot_root, (uint64_t[4]){ 0, 7, 2, at }, (struct want){ 0 });
	expect("pivot_root n<0", N_pivot_root, (uint64_t[4]){ 0, (uint64_t)-1, 2, at },
	       (struct want){ 0 });
	expect("pivot_root path", N_pivot_root, (uint64_t[4]){ BASE, 4, 2, at },
	       (struct want){ 0 });
	expect("pivot_root not VIRSYS", N_pivot_root, (uint64_t[4]){ 0, 4, 3, at },
	       (struct want){ 0 });
	expect("pivot_root unreadable", N_pivot_root, (uint64_t[4]){ 0, 4, 2, 0x1000 },
	       (struct want){ .ret = -EFAULT });
	expect("pivot_root past the end", N_pivot_root,
	       (uint64_t[4]){ 0, 4, 2, BASE + SIZE - 16 }, (struct want){ .ret = -EFAULT });

	memcpy(mem + (sat - BASE), &s, sizeof(s));
	expect("_sysctl", N_sysctl, (uint64_t[4]){ sat },
	       (struct want){ 1, BASE + 0x800, AF_INET6, SOCK_DGRAM, 17 });
	expect("_sysctl unreadable", N_sysctl, (uint64_t[4]){ 0x1000 }, (struct want){ 0 });
	s.newval = 0x1000;
	memcpy(mem + (sat - BASE), &s, sizeof(s));
	expect("_sysctl newval unreadable", N_sysctl, (uint64_t[4]){ sat },
	       (struct want){ .ret = -EFAULT });
	s = (struct sysctl64){ .name = BASE, .nlen = 2, .newval = at };
	memcpy(mem + (sat - BASE), &s, sizeof(s));
	expect("_sysctl with a name", N_sysctl, (uint64_t[4]){ sat }, (struct want){ 0 });
	s = (struct sysctl64){ .name = 0, .nlen = 3, .newval = at };
	memcpy(mem + (sat - BASE), &s, sizeof(s));
	expect("_sysctl nlen 3", N_sysctl, (uint64_t[4]){ sat }, (struct want){ 0 });

	expect("socket", N_socket, (uint64_t[4]){ AF_INET }, (struct want){ 0 });
	expect("x32 pivot_root", X32 | N_pivot_root, (uint64_t[4]){ 0, 4, 2, at },
	       (struct want){ 0 });
}

/* Other ABIs carry no msocket call. */
static void other_abis(void)
{
	struct seccomp_data d = { .nr = -5, .arch = AUDIT_ARCH_I386 };
	struct msocket_args a;

	if (msocket_is_encoding(&d) || msocket_decode(&d, reader, NULL, &a) != 0) {
		printf("FAIL: i386 -5 is an msocket call\n");
		failed = 1;
	}
	d.arch = AUDIT_ARCH_AARCH64;
	if (msocket_is_encoding(&d)) {
		printf("FAIL: aarch64 -5 is an msocket call\n");
		failed = 1;
	}
}

static void path(const char *what, uint64_t addr, int want)
{
	char buf[PATH_MAX];
	int ret = msocket_read_path(reader, NULL, addr, buf);

	if (ret == want)
		return;
	printf("FAIL: path %s: %d (want %d)\n", what, ret, want);
	failed = 1;
}

static void paths(void)
{
	memset(mem, 'x', sizeof(mem));
	strcpy((char *)mem, "/run/netns/blue");
	path("short", BASE, 15);
	path("empty", BASE + 15, 0);
	/* ends just before the end of memory: no read may pass it */
	mem[SIZE - 1] = '\0';
	path("at the end", BASE + SIZE - 10, 9);
	path("unreadable", 0x1000, -EFAULT);
	mem[SIZE - 1] = 'x';
	path("unterminated", BASE + SIZE - 10, -EFAULT);
	path("too long", BASE + 16, -ENAMETOOLONG);
	mem[16 + PATH_MAX - 1] = '\0';
	path("PATH_MAX - 1", BASE + 16, PATH_MAX - 1);
}

int main(void)
{
	encodings();
	other_abis();
	paths();
	if (!failed)
		printf("PASS: msocket encodings decoded\n");
	return failed;
}
