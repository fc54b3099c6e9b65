/*
 * Stack residency.  setns() moves only the calling thread, so a thread that
 * has entered a stack can keep making sockets there for the cost of the
 * socket() alone.  The threads that serve calls live in the session's main
 * stack; a request for another stack goes to one of WORKERS worker threads,
 * preferably one that already lives there, else one that enters it first.
 * A worker ends when the stack it lives in is released, so that it does
 * not keep that namespace alive.
 *
 * Locking: @pool_lock protects the pool (each worker's running, busy, in
 * and used) and @pool_clock; the request of a busy worker belongs to its
 * requester alone, handed over through the worker's semaphores.
 * @via_proc_lock protects @via_proc.  The notification threads (several
 * at once) and the ptrace thread make sockets and release stacks
 * (stacks_put() from any thread that puts a table); every serving thread
 * and worker enters stacks.  @native is set by resident_init() before any other thread
 * starts; @current is per thread.
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

#include "net/nshelper.h"
#include "policy/cgroup.h"
#include "policy/resident.h"
#include "net/vde_stack.h"

/*
 * The receivers and the ptrace thread ask; when they outnumber the workers,
 * take() waits for a worker to be given back, which no worker waits for.
 */
#define WORKERS 4

struct request {
	int domain, type, protocol, pair;
	const struct creds *who;
	int fds[2];
	int result;
	struct stack *stack;	/* where to make it */
	bool leave;		/* instead: end the worker */
	bool lost;		/* the worker could not enter the stack and ended */
};

struct worker {
	pthread_t thread;
	bool running;		/* its thread exists */
	bool busy;		/* taken by a request (or a release) */
	struct stack *in;	/* where it lives once it has served */
	unsigned long used;	/* when it last served, to pick the least recent */
	sem_t asked, answered;
	struct request req;
};

/* A stack whose descriptor is held through /proc already. */
struct via_proc {
	const struct stack *s;
	struct via_proc *next;
};

static struct stack *native;
static __thread struct stack *current;	/* NULL: native */
static struct via_proc *via_proc;
static pthread_mutex_t via_proc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker pool[WORKERS];
static unsigned long pool_clock;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_free = PTHREAD_COND_INITIALIZER;

void resident_init(struct stack *native_stack)
{
	native = native_stack;
	for (int i = 0; i < WORKERS; i++) {
		sem_init(&pool[i].asked, 0, 0);
		sem_init(&pool[i].answered, 0, 0);
	}
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
 * keep that mount busy for an umount right after mstack returns.  Once
 * is enough: workers enter stacks again and again.
 */
static void hold_through_proc(struct stack *s)
{
	struct via_proc *v;
	int fd;

	pthread_mutex_lock(&via_proc_lock);
	for (v = via_proc; v && v->s != s; v = v->next)
		;
	if (v)
		goto out;
	v = malloc(sizeof(*v));
	fd = v ? open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0 && fd != s->nsfd &&
	    dup3(fd, s->nsfd, O_CLOEXEC) >= 0) {	/* atomic: users of s->nsfd see either */
		*v = (struct via_proc){ .s = s, .next = via_proc };
		via_proc = v;
		v = NULL;
	}
	if (fd >= 0)
		close(fd);
	free(v);
out:
	pthread_mutex_unlock(&via_proc_lock);
}

/* Forgets that @s is held through /proc: it is about to be freed. */
static void forget_via_proc(const struct stack *s)
{
	struct via_proc **p, *v;

	pthread_mutex_lock(&via_proc_lock);
	for (p = &via_proc; *p && (*p)->s != s; p = &(*p)->next)
		;
	v = *p;
	if (v)
		*p = v->next;
	pthread_mutex_unlock(&via_proc_lock);
	free(v);
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
	struct worker *w = arg;
	struct stack *in = NULL;

	for (;;) {
		struct request *r = &w->req;
		bool lost;

		while (sem_wait(&w->asked) < 0)
			;
		if (r->leave)
			break;
		r->result = in == r->stack ? 0 : resident_enter(r->stack);
		lost = r->lost = r->result < 0;
		if (!lost) {
			in = r->stack;
			r->result = make_here(r);
		}
		/* From here on the request is its requester's again. */
		sem_post(&w->answered);
		if (lost)
			break;	/* it may live anywhere now: end it */
	}
	return NULL;
}

/* Ranks free workers for @s: one living there, then a slot to start, then the least recent. */
static bool better(const struct worker *w, const struct worker *than, const struct stack *s)
{
	if (!than || (w->running && w->in == s))
		return true;
	if (than->running && than->in == s)
		return false;
	if (w->running != than->running)
		return !w->running;
	return w->used < than->used;
}

/* Returns a worker taken for @s, waiting while all are busy. */
static struct worker *take(struct stack *s)
{
	struct worker *best;

	pthread_mutex_lock(&pool_lock);
	for (;;) {
		best = NULL;
		for (int i = 0; i < WORKERS; i++)
			if (!pool[i].busy && better(&pool[i], best, s))
				best = &pool[i];
		if (best)
			break;
		pthread_cond_wait(&pool_free, &pool_lock);
	}
	best->busy = true;
	best->in = s;	/* or it ends trying */
	pthread_mutex_unlock(&pool_lock);
	return best;
}

/* Gives @w back; @ended: its thread has been joined. */
static void give_back(struct worker *w, bool ended)
{
	pthread_mutex_lock(&pool_lock);
	if (ended) {
		w->running = false;
		w->in = NULL;
	}
	w->busy = false;
	w->used = ++pool_clock;
	pthread_cond_broadcast(&pool_free);
	pthread_mutex_unlock(&pool_lock);
}

/* Starts @w's thread. Returns 0 or -ENOMEM. */
static int start(struct worker *w)
{
	pthread_attr_t attr;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	ret = pthread_create(&w->thread, &attr, worker_main, w);
	pthread_attr_destroy(&attr);
	if (ret)
		return -ENOMEM;	/* as socket(2) reports a lack of resources */
	w->running = true;
	return 0;
}

/* Runs @r in @r->stack on a worker, which sets @r->result and @r->fds. */
static void ask_worker(struct request *r)
{
	struct worker *w = take(r->stack);

	r->result = w->running ? 0 : start(w);
	if (r->result < 0) {
		give_back(w, true);
		return;
	}
	w->req = *r;
	sem_post(&w->asked);
	while (sem_wait(&w->answered) < 0)
		;
	*r = w->req;
	if (r->lost)
		pthread_join(w->thread, NULL);
	give_back(w, r->lost);
}

void resident_release(struct stack *s)
{
	forget_via_proc(s);
	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < WORKERS; i++) {
		struct worker *w = &pool[i];

		if (w->busy || !w->running || w->in != s)
			continue;	/* a busy worker is its requester's */
		w->busy = true;
		pthread_mutex_unlock(&pool_lock);
		w->req.leave = true;
		sem_post(&w->asked);
		pthread_join(w->thread, NULL);
		w->req.leave = false;
		give_back(w, true);
		pthread_mutex_lock(&pool_lock);
	}
	pthread_mutex_unlock(&pool_lock);
}

int resident_socket(struct stack *s, int domain, int type, int protocol,
		    int pair, int fds[2], const struct creds *who)
{
	struct request req = {
		.domain = domain, .type = type, .protocol = protocol, .pair = pair,
		.who = who, .fds = { -1, -1 }, .stack = s,
	};

	if (s->kind == STACK_NULL)
		return -EAFNOSUPPORT;
	if (s->kind == STACK_SERVED)	/* with the helper's identity and cgroup */
		return nshelper_socket(s->helper, domain, type, protocol, pair, fds);
	if (s->kind == STACK_VDE && !pair)
		return vde_stack_socket(s, domain, type, protocol, fds);
	if (s->kind == STACK_VDE)
		req.stack = s = native;	/* a connected pair reaches no network: made at home */
	if (who->cgroup)	/* accounted to the program's cgroup, not the tracer's */
		return cgroup_socket(s, domain, type, protocol, pair, fds, who);
	if (s == (current ? current : native))
		req.result = make_here(&req);
	else
		ask_worker(&req);
	fds[0] = req.fds[0];
	fds[1] = req.fds[1];
	return req.result;
}
