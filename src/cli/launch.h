/* Starting the tracer, then becoming COMMAND. */
#ifndef MSTACK_LAUNCH_H
#define MSTACK_LAUNCH_H

#include "cli/options.h"
#include "tracer.h"

/*
 * Starts the tracer of session @s, completed with what the kernel can do,
 * and execs @o->command; exits on failure.
 */
void __attribute__((noreturn)) launch(const struct options *o, struct session *s);

#endif
