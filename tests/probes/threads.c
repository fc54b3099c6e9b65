/*
 * threads N SPEC...: N threads start together and each creates the
 * sockets of SPEC...; the main thread prints every result, in order.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define MAXT 64
#define MAXS 8

static pthread_barrier_t barrier;
static int nspecs;
static char **specs;
static char result[MAXT][MAXS][128];

static void *worker(void *arg)
{
	long t = (long)arg;
	int i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < nspecs; i++)
		sock_spec(specs[i], result[t][i], sizeof(result[t][i]));
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t tid[MAXT];
	long n, t;
	int i, err;

	if (argc < 3)
		die("usage: threads N SPEC...");
	n = atol(argv[1]);
	specs = argv + 2;
	nspecs = argc - 2;
	if (n < 1 || n > MAXT || nspecs > MAXS)
		die("too many");
	pthread_barrier_init(&barrier, NULL, n);
	for (t = 0; t < n; t++) {
		err = pthread_create(&tid[t], NULL, worker, (void *)t);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	for (t = 0; t < n; t++)
		pthread_join(tid[t], NULL);
	for (t = 0; t < n; t++)
		for (i = 0; i < nspecs; i++)
			printf("thread %ld %s\n", t, result[t][i]);
	return 0;
}
