/*
 * Seccomp user notification.  The program's socket() waits in the kernel
 * while we make the socket in its stack; SECCOMP_IOCTL_NOTIF_ADDFD with
 * SECCOMP_ADDFD_FLAG_SEND then installs it at the lowest free descriptor
 * and completes the call in one step, leaving nothing behind in the program.
 * With -v the answer waits for the line (order of the lines = order of the
 * calls): the filter then makes received notifications wait killable
 * only, so that no signal can come between installation and answer.
 * socketpair() never comes here: it needs two descriptors installed
 * atomically, which ADDFD cannot do, so the filter sends it to ptrace.
 * The socket() of a thread in a network namespace of its own choosing is
 * handed back to the kernel (see make_decide()).
 *
 * Several receivers, one per CPU up to MAX_RECEIVERS, wait on the one
 * listener: the kernel hands each notification to one of them.  A thread
 * of the program has one call in flight at most, and its line is written
 * before its answer, so a process's lines keep the order of its calls
 * whichever receivers answer them.  Where a line can only follow the
 * answer, one receiver logs the calls in the order it receives them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy/resident.h"
#include "policy/tracee.h"
#include "ptrace/counters.h"
#include "report/log.h"
#include "serve/make.h"
#include "serve/notify.h"

/* More receivers than this wait for the same socket()s as the others. */
#define MAX_RECEIVERS 4

/* What the receivers share; each one's start-up result in turn. */
struct server {
	int listener;
	struct stack *home;
	bool log_before_answer;
	int enter_error;
	sem_t started;
	struct seccomp_notif_sizes sizes;
};

/* Sends @resp; a call that went away meanwhile needs none. */
static void respond(struct server *sv, struct seccomp_notif_resp *resp)
{
	if (ioctl(sv->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT &&
	    log_on())
		log_problem("cannot answer a notification: %s", strerror(errno));
}

/*
 * Lets the kernel make call @c as the program asked, in the network
 * namespace of the thread.  SECCOMP_USER_NOTIF_FLAG_CONTINUE is unsafe for
 * a call decided on what the program's memory said, which it may change
 * before the kernel reads it again (seccomp_unotify(2)): so the rule
 * stays that no such call is continued.  make_decide() says MAKE_KERNEL
 * only for a socket() whose arguments are all in registers, which the
 * kernel reads as they were when we looked.
 */
static void answer_continue(struct server *sv, struct seccomp_notif_resp *resp,
			    const struct sockcall *c)
{
	const int none[2] = { -1, -1 };

	if (log_on())
		log_call(c, MAKE_KERNEL, none, NULL);
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	respond(sv, resp);
}

/*
 * Answers one socket() notification, from a process whose table is @table.
 * Returns nothing: every outcome is a response (or the call went away).
 */
static void answer(struct server *sv, struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp, const struct table *table)
{
	struct seccomp_notif_addfd addfd = {
		.id = req->id,
		.flags = sv->log_before_answer ? 0 : SECCOMP_ADDFD_FLAG_SEND,
	};
	const char *note = NULL;
	struct sockcall c;
	int fds[2] = { -1, -1 };
	long result;

	counters_add(COUNT_NOTIFICATIONS);
	memset(resp, 0, sv->sizes.seccomp_notif_resp);
	resp->id = req->id;
	result = table ? make_decide(&req->data, (pid_t)req->pid, table, &c, &note) : -ENOSYS;
	if (!table && log_on())
		log_problem("%u: unknown process: its socket call fails", req->pid);
	if (result == MAKE_KERNEL) {
		answer_continue(sv, resp, &c);
		return;
	}
	if (result == 0)
		result = make_sockets(&c, fds, &note);
	if (result >= 0) {
		addfd.srcfd = (uint32_t)fds[0];
		addfd.newfd_flags = sockcall_cloexec(&c) ? O_CLOEXEC : 0;
		result = ioctl(sv->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
		if (result < 0)
			result = -errno;
		close(fds[0]);
		if (result == -ENOENT)
			return;	/* the call was interrupted and will be made again */
		if (result < 0)
			note = "cannot install the descriptor";
	}
	if (log_on() && result != -ENOSYS)
		log_call(&c, result, fds, note);
	if (result >= 0 && addfd.flags & SECCOMP_ADDFD_FLAG_SEND)
		return;	/* ADDFD has answered */
	if (result >= 0)
		resp->val = result;
	else
		resp->error = (int)result;
	respond(sv, resp);
}

/* Answers one notification, holding the caller's table meanwhile. */
static void answer_held(struct server *sv, struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct table *table = tracee_table((pid_t)req->pid);

	answer(sv, req, resp, table);
	if (table)
		table_put(table);
}

static void *server_main(void *arg)
{
	struct server *sv = arg;
	struct seccomp_notif *req = malloc(sv->sizes.seccomp_notif);
	struct seccomp_notif_resp *resp = malloc(sv->sizes.seccomp_notif_resp);
	bool served = false;
	int err = resident_enter(sv->home);

	if (!req || !resp)
		err = -ENOMEM;
	sv->enter_error = err;	/* the starter's until it starts another */
	sem_post(&sv->started);
	if (err) {
		free(req);
		free(resp);
		return NULL;
	}
	for (;;) {
		memset(req, 0, sv->sizes.seccomp_notif);
		if (ioctl(sv->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			break;	/* every filtered process has gone */
		}
		if (!served)
			counters_add(COUNT_RECEIVERS);
		served = true;
		answer_held(sv, req, resp);
	}
	return NULL;
}

/*
 * Returns how many receivers to start: one per CPU we may run on, at most
 * MAX_RECEIVERS; one if a line follows its answer, so that the lines of a
 * process keep the order in which that one receiver got its calls.
 */
static int receivers(bool log_before_answer)
{
	cpu_set_t cpus;
	long n;

	if (log_on() && !log_before_answer)
		return 1;
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0)
		n = CPU_COUNT(&cpus);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_RECEIVERS ? MAX_RECEIVERS : (int)n;
}

/*
 * Starts one receiver of @sv, created by the caller, so with the tracer's
 * own identity, and waits until it lives in @sv->home.
 * Returns 0 or -errno.
 */
static int start_receiver(struct server *sv)
{
	pthread_attr_t attr;
	pthread_t thread;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	ret = -pthread_create(&thread, &attr, server_main, sv);
	pthread_attr_destroy(&attr);
	if (ret)
		return ret;
	while (sem_wait(&sv->started) < 0)
		;
	return sv->enter_error;
}

int notify_start(int listener, struct stack *home, bool log_before_answer)
{
	struct server *sv = calloc(1, sizeof(*sv));
	int ret = 0, n, i;

	if (!sv)
		return -ENOMEM;
	*sv = (struct server){
		.listener = listener, .home = home, .log_before_answer = log_before_answer,
	};
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sv->sizes) < 0) {
		free(sv);
		return -errno;
	}
	sem_init(&sv->started, 0, 0);
	n = receivers(log_before_answer);
	for (i = 0; i < n && !ret; i++)
		ret = start_receiver(sv);
	if (ret && i == 1)
		free(sv);	/* else the receivers share it until the tracer exits */
	return ret;
}
