/*
 * Stack residency.  setns() moves only the calling thread, so a thread that
 * has entered a stack can keep making sockets there for the cost of the
 * socket() alone.  Requests for a stack the caller does not live in go to
 * that stack's worker thread, created on first use.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include "cgroup.h"
#include "resident.h"

struct request {
	int domain, type, protocol, pair;
	const struct creds *who;
	int fds[2];
	int result;
};

struct worker {
	pthread_mutex_t lock;	/* one request at a time */
	sem_t asked, answered;
	struct request req;
	int enter_error;
};

static struct stack *native;
static __thread struct stack *current;	/* NULL: native */
static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;

void resident_init(struct stack *native_stack)
{
	native = native_stack;
}

/*
 * True if the calling thread already lives in @s.  A new thread lives where
 * its creator did, and entering the namespace one already lives in still
 * takes a privilege (unprivileged mstack native).
 */
static bool lives_in(const struct stack *s)
{
	struct stat here, there;

	return stat("/proc/thread-self/ns/net", &here) == 0 && fstat(s->nsfd, &there) == 0 &&
	       here.st_ino == there.st_ino && here.st_dev == there.st_dev;
}

/*
 * Points @s's descriptor at /proc/thread-self/ns/net, the namespace the
 * calling thread now lives in: the tracer outlives the command briefly,
 * and a descriptor opened through the user's path (a bind mount) would
 * keep that mount busy for an umount right after mstack returns.
 */
static void hold_through_proc(struct stack *s)
{
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fd == s->nsfd)
		return;
	dup3(fd, s->nsfd, O_CLOEXEC);	/* atomic: users of s->nsfd see either */
	close(fd);
}

int resident_enter(struct stack *s)
{
	if (s->kind != STACK_NETNS)
		return 0;
	if (!lives_in(s) && setns(s->nsfd, CLONE_NEWNET) < 0)
		return -errno;
	if (s != native)
		hold_through_proc(s);
	current = s;
	return 0;
}

/* Returns the number of descriptors made, or -errno. */
static int make_here(struct request *r)
{
	int type = r->type | SOCK_CLOEXEC, ret;

	if (!r->who->as_tracer) {
		ret = creds_assume(r->who);
		if (ret < 0)
			return ret;
	}
	if (r->pair)
		ret = socketpair(r->domain, type, r->protocol, r->fds) < 0 ? -errno : 2;
	else
		ret = (r->fds[0] = socket(r->domain, type, r->protocol)) < 0 ? -errno : 1;
	if (!r->who->as_tracer)
		creds_restore();
	return ret;
}

static void *worker_main(void *arg)
{
	struct stack *s = arg;
	struct worker *w = s->resident;

	w->enter_error = resident_enter(s);
	sem_post(&w->answered);
	for (;;) {
		while (sem_wait(&w->asked) < 0)
			;
		w->req.result = w->enter_error ? w->enter_error : make_here(&w->req);
		sem_post(&w->answered);
	}
	return NULL;
}

/* Returns @s's worker, starting it on first use; NULL on failure. */
static struct worker *worker_of(struct stack *s)
{
	pthread_attr_t attr;
	pthread_t thread;
	struct worker *w;

	pthread_mutex_lock(&workers_lock);
	w = s->resident;
	if (w)
		goto out;
	w = calloc(1, sizeof(*w));
	if (!w)
		goto out;
	pthread_mutex_init(&w->lock, NULL);
	sem_init(&w->asked, 0, 0);
	sem_init(&w->answered, 0, 0);
	s->resident = w;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, worker_main, s)) {
		s->resident = NULL;
		free(w);
		w = NULL;
	} else {
		while (sem_wait(&w->answered) < 0)
			;
	}
	pthread_attr_destroy(&attr);
out:
	pthread_mutex_unlock(&workers_lock);
	return w;
}

int resident_socket(struct stack *s, int domain, int type, int protocol,
		    int pair, int fds[2], const struct creds *who)
{
	struct request req = { domain, type, protocol, pair, who, { -1, -1 }, 0 };
	struct worker *w;

	if (s->kind == STACK_NULL)
		return -EAFNOSUPPORT;
	if (who->cgroup)	/* accounted to the program's cgroup, not the tracer's */
		return cgroup_socket(s, domain, type, protocol, pair, fds, who);
	if (s == (current ? current : native)) {
		req.result = make_here(&req);
	} else {
		w = worker_of(s);
		if (!w)
			return -ENOMEM;
		pthread_mutex_lock(&w->lock);
		w->req = req;
		sem_post(&w->asked);
		while (sem_wait(&w->answered) < 0)
			;
		req = w->req;
		pthread_mutex_unlock(&w->lock);
	}
	fds[0] = req.fds[0];
	fds[1] = req.fds[1];
	return req.result;
}
