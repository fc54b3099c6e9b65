/* timeit: time a command from the outside (workloads 4 and 5).
 *
 *   timeit [-n RUNS] COMMAND [ARG...]
 *
 * Runs COMMAND RUNS times, one after the other (fork, execvp, waitpid), and
 * prints one line of key=value words:
 *
 *   runs=20 tmean_ns=... median_ns=... min_ns=... p90_ns=... mean_ns=... status=0
 *
 * tmean_ns is the mean without the fastest and the slowest 5% of the runs
 * (one each from 10 runs up): it keeps a tail that recurs, drops a lone
 * outlier.
 * The clock runs from just before fork to just after waitpid returns: the
 * launch latency as a caller sees it. COMMAND's stdout goes to /dev/null.
 * Exits 1 (and says so) if any run does not exit with status 0.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long runs = 1, i;
	uint64_t *t, t0, sum = 0, med, tsum = 0;
	long cut, k;
	int opt, st, devnull;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+n:")) != -1) {
		if (opt == 'n' && (runs = strtol(optarg, NULL, 10)) > 0)
			continue;
		fprintf(stderr, "usage: timeit [-n RUNS] COMMAND [ARG...]\n");
		return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: timeit [-n RUNS] COMMAND [ARG...]\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof *t);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!t || devnull < 0) {
		perror("timeit");
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t0 = now_ns();
		pid = fork();
		if (pid < 0) {
			perror("timeit: fork");
			return 1;
		}
		if (pid == 0) {
			dup2(devnull, 1);
			execvp(argv[optind], argv + optind);
			fprintf(stderr, "timeit: %s: %s\n", argv[optind],
				strerror(errno));
			_exit(127);
		}
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR) {
				perror("timeit: waitpid");
				return 1;
			}
		t[i] = now_ns() - t0;
		sum += t[i];
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("runs=%ld status=%d\n", i + 1,
			       WIFEXITED(st) ? WEXITSTATUS(st)
					     : 128 + WTERMSIG(st));
			fprintf(stderr, "timeit: %s failed (status %#x)\n",
				argv[optind], st);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_u64);
	med = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
	cut = runs >= 10 ? (runs + 19) / 20 : 0;
	for (k = cut; k < runs - cut; k++)
		tsum += t[k];
	printf("runs=%ld tmean_ns=%" PRIu64 " median_ns=%" PRIu64
	       " min_ns=%" PRIu64 " p90_ns=%" PRIu64 " mean_ns=%" PRIu64
	       " status=0\n",
	       runs, tsum / (uint64_t)(runs - 2 * cut), med, t[0],
	       t[(runs * 9) / 10 < runs ? (runs * 9) / 10 : runs - 1],
	       sum / (uint64_t)runs);
	return 0;
}
