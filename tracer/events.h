/* The ptrace event loop. */
#ifndef MSTACK_EVENTS_H
#define MSTACK_EVENTS_H

/* Serves ptrace stops until no traced thread is left. */
void events_loop(void);

#endif
