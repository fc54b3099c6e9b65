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
 * Where no process is held from its start (session_holds_all()), the
 * filter notifies socketpair(), the msocket encodings and requests to
 * trace too: what needs the program's own hands (a path it opens, two
 * descriptors that appear at once) or its tracer goes to the ptrace
 * thread, which attaches for that one call (serve/attach.c); the calls
 * that thread injects are let through.
 *
 * Several receivers, one per CPU up to MAX_RECEIVERS, wait on the one
 * listener: the kernel hands each notification to one of them.  One
 * starts with the session; another each time a call takes the last one
 * that was waiting, so that a program that makes no socket pays for one
 * thread.  A thread
 * of the program has one call in flight at most, and its line is written
 * before its answer, so a process's lines keep the order of its calls
 * whichever receivers answer them.  Where a line can only follow the
 * answer, one receiver logs the calls in the order it receives them.
 */
#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <linux/net.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi/msocket_abi.h"
#include "abi/systable.h"
#include "policy/resident.h"
#include "policy/creds.h"
#include "policy/tracee.h"
#include "ptrace/counters.h"
#include "ptrace/inject.h"
#include "ptrace/memory.h"
#include "report/log.h"
#include "serve/make.h"
#include "serve/notify.h"

/* More receivers than this wait for the same socket()s as the others. */
#define MAX_RECEIVERS 4

/* A notification waiting for the ptrace thread. */
struct handoff {
	struct handoff *next;
	struct seccomp_notif req;	/* of the kernel's size: last */
};

/* What the receivers share; each one's start-up result in turn. */
struct server {
	int listener;
	struct stack *home;
	bool log_before_answer;
	bool unheld;			/* see notify_start() */
	int enter_error;
	sem_t started;
	int max_receivers;		/* receivers() */
	atomic_int receivers;		/* started */
	atomic_int idle;		/* waiting for a notification */
	struct seccomp_notif_sizes sizes;
	int wake;			/* eventfd: the ptrace thread has work */
	pthread_mutex_t lock;		/* protects the queue */
	struct handoff *head, **tail;
};

/*
 * One receiver's own buffers, of the kernel's sizes: allocated by its
 * starter, so that a receiver that never gets a call costs no arena.
 */
struct receiver {
	struct server *sv;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	bool awaited;			/* its starter waits for enter_error */
};

/* The one server: set by notify_start() before its receivers start. */
static struct server *server;

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

/* Hands @req to the ptrace thread, which answers it. */
static void hand_off(struct server *sv, const struct seccomp_notif *req,
		     struct seccomp_notif_resp *resp)
{
	struct handoff *h = malloc(offsetof(struct handoff, req) + sv->sizes.seccomp_notif);
	uint64_t one = 1;

	if (!h) {
		resp->error = -ENOMEM;
		respond(sv, resp);
		return;
	}
	memcpy(&h->req, req, sv->sizes.seccomp_notif);
	h->next = NULL;
	pthread_mutex_lock(&sv->lock);
	*sv->tail = h;
	sv->tail = &h->next;
	pthread_mutex_unlock(&sv->lock);
	if (write(sv->wake, &one, sizeof(one)) < 0 && log_on())
		log_problem("cannot wake the ptrace thread: %s", strerror(errno));
}

/* Where a notification goes when no process is held from its start. */
enum route { ROUTE_HERE, ROUTE_KERNEL, ROUTE_PTRACE, ROUTE_REFUSE };

/*
 * Returns where @req goes: socket() is answered here; what needs the
 * program's own hands or its tracer goes to the ptrace thread; a
 * socketpair() of a thread in its own network namespace and a request
 * to trace while no process is held go to the kernel, which reads them
 * from registers as they were (see answer_continue()), and so does a call
 * of an msocket number that is no msocket call.  A call that changes
 * the caller's groups or namespaces goes to the kernel once what the
 * tracer learnt of threads is void (creds_changing()).
 */
static enum route route(const struct seccomp_notif *req)
{
	const struct sys_row *r = systable_find(req->data.arch, req->data.nr);
	pid_t tid = (pid_t)req->pid;
	struct msocket_args args;

	if (!r)
		return ROUTE_REFUSE;
	switch (r->call) {
	case SC_socket:
		return ROUTE_HERE;
	case SC_socketcall:
		return req->data.args[0] == SYS_SOCKET ? ROUTE_HERE : ROUTE_PTRACE;
	case SC_socketpair:
		return tracee_own_netns((pid_t)req->pid) == 1 ? ROUTE_KERNEL : ROUTE_PTRACE;
	case SC_ptrace:
		return tracee_any() ? ROUTE_PTRACE : ROUTE_KERNEL;
	case SC_unshare:
	case SC_setns:
	case SC_setgroups:
	case SC_setgroups32:
		creds_changing(tid, r->call == SC_setgroups || r->call == SC_setgroups32);
		return ROUTE_KERNEL;
	case SC_msocket_vuos:
	case SC_msocket_sysctl:
	case SC_msocket_pivot_root:
		/* Not an msocket call: the kernel's own, whatever memory says next. */
		return msocket_decode(&req->data, memory_reader, &tid, &args) == 0 ?
		       ROUTE_KERNEL : ROUTE_PTRACE;
	default:
		return ROUTE_REFUSE;
	}
}

/* Answers one notification, holding the caller's table meanwhile. */
static void answer_held(struct server *sv, struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct table *table;

	memset(resp, 0, sv->sizes.seccomp_notif_resp);
	resp->id = req->id;
	if (inject_running((pid_t)req->pid)) {
		/* The ptrace thread's own call, injected: the kernel makes it. */
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		respond(sv, resp);
		return;
	}
	switch (sv->unheld ? route(req) : ROUTE_HERE) {
	case ROUTE_HERE:
		break;
	case ROUTE_KERNEL:
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		respond(sv, resp);
		return;
	case ROUTE_PTRACE:
		hand_off(sv, req, resp);
		return;
	case ROUTE_REFUSE:
		resp->error = -ENOSYS;
		respond(sv, resp);
		return;
	}
	table = tracee_table((pid_t)req->pid);

	answer(sv, req, resp, table);
	if (table)
		table_put(table);
}

/*
 * True if no process uses the filter any more (POLLHUP): a receive then
 * fails at once with ENOENT, as it does for a call whose caller died.
 */
static bool listener_gone(int listener)
{
	struct pollfd p = { .fd = listener };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP);
}

static int start_receiver(struct server *sv, bool awaited);

/* Starts one more receiver unless the most allowed run already. */
static void grow(struct server *sv)
{
	if (atomic_fetch_add(&sv->receivers, 1) < sv->max_receivers)
		start_receiver(sv, false);	/* if it fails, fewer serve */
	else
		atomic_fetch_sub(&sv->receivers, 1);
}

/* Receives and answers notifications until no process uses the filter. */
static void receive(struct server *sv, struct seccomp_notif *req,
		    struct seccomp_notif_resp *resp)
{
	bool served = false, crowded;

	atomic_fetch_add(&sv->idle, 1);
	for (;;) {
		memset(req, 0, sv->sizes.seccomp_notif);
		if (ioctl(sv->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == EINTR || (errno == ENOENT && !listener_gone(sv->listener)))
				continue;
			return;	/* every filtered process has gone */
		}
		crowded = atomic_fetch_sub(&sv->idle, 1) == 1;
		if (!served)
			counters_add(COUNT_RECEIVERS);
		served = true;
		answer_held(sv, req, resp);
		atomic_fetch_add(&sv->idle, 1);
		/* After the answer: a new thread has the tracer's identity. */
		if (crowded)
			grow(sv);
	}
}

static void *server_main(void *arg)
{
	struct receiver *r = arg;
	struct server *sv = r->sv;
	int err = resident_enter(sv->home);

	if (r->awaited) {
		sv->enter_error = err;	/* the starter's until it starts another */
		sem_post(&sv->started);
	}
	if (!err)
		receive(sv, r->req, r->resp);
	free(r->req);
	free(r->resp);
	free(r);
	creds_thread_done();
	return NULL;
}

/*
 * Returns how many receivers may run: one per CPU we may run on, at most
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
 * own identity; if @awaited, waits until it lives in @sv->home.
 * Returns 0 or -errno.
 */
static int start_receiver(struct server *sv, bool awaited)
{
	struct receiver *r = calloc(1, sizeof(*r));
	pthread_attr_t attr;
	pthread_t thread;
	int ret = -ENOMEM;

	if (!r)
		return ret;
	*r = (struct receiver){ .sv = sv, .awaited = awaited,
				.req = malloc(sv->sizes.seccomp_notif),
				.resp = malloc(sv->sizes.seccomp_notif_resp) };
	if (!r->req || !r->resp)
		goto fail;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	ret = -pthread_create(&thread, &attr, server_main, r);
	pthread_attr_destroy(&attr);
	if (ret)
		goto fail;
	if (!awaited)
		return 0;
	while (sem_wait(&sv->started) < 0)
		;
	return sv->enter_error;
fail:
	free(r->req);
	free(r->resp);
	free(r);
	return ret;
}

int notify_start(int listener, struct stack *home, bool log_before_answer, bool unheld)
{
	struct server *sv = calloc(1, sizeof(*sv));
	int ret;

	if (!sv)
		return -ENOMEM;
	*sv = (struct server){
		.listener = listener, .home = home, .log_before_answer = log_before_answer,
		.unheld = unheld, .wake = -1,
	};
	sv->tail = &sv->head;
	pthread_mutex_init(&sv->lock, NULL);
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sv->sizes) < 0) {
		free(sv);
		return -errno;
	}
	if (sv->sizes.seccomp_notif < sizeof(struct seccomp_notif))
		sv->sizes.seccomp_notif = sizeof(struct seccomp_notif);
	if (sv->sizes.seccomp_notif_resp < sizeof(struct seccomp_notif_resp))
		sv->sizes.seccomp_notif_resp = sizeof(struct seccomp_notif_resp);
	sv->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (sv->wake < 0) {
		free(sv);
		return -errno;
	}
	server = sv;
	sem_init(&sv->started, 0, 0);
	sv->max_receivers = receivers(log_before_answer);
	sv->receivers = 1;
	ret = start_receiver(sv, true);
	if (ret) {
		server = NULL;
		close(sv->wake);
		free(sv);	/* else the receivers share it until the tracer exits */
	}
	return ret;
}

int notify_wake_fd(void)
{
	return server ? server->wake : -1;
}

struct seccomp_notif *notify_take(void)
{
	struct handoff *h;

	if (!server)
		return NULL;
	pthread_mutex_lock(&server->lock);
	h = server->head;
	if (h) {
		server->head = h->next;
		if (!server->head)
			server->tail = &server->head;
	}
	pthread_mutex_unlock(&server->lock);
	return h ? &h->req : NULL;
}

void notify_restart(pid_t tid, int error)
{
	struct handoff **p, *h, *mine = NULL;

	pthread_mutex_lock(&server->lock);
	for (p = &server->head; (h = *p);) {
		if ((pid_t)h->req.pid != tid) {
			p = &h->next;
			continue;
		}
		*p = h->next;
		h->next = mine;
		mine = h;
	}
	server->tail = p;
	pthread_mutex_unlock(&server->lock);
	while ((h = mine)) {
		mine = h->next;
		notify_answer(&h->req, error, false);
		free(h);
	}
}

void notify_done(struct seccomp_notif *req)
{
	free((char *)req - offsetof(struct handoff, req));
}

void notify_answer(const struct seccomp_notif *req, int error, bool cont)
{
	struct seccomp_notif_resp *resp = calloc(1, server->sizes.seccomp_notif_resp);

	if (!resp)
		return;	/* the call waits until its thread is interrupted or dies */
	resp->id = req->id;
	resp->error = error;
	resp->flags = cont ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0;
	respond(server, resp);
	free(resp);
}
