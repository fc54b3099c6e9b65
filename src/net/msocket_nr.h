/*
 * The numbers of the msocket interface (msocket(3)) shared by the command,
 * libmsocket and the tracer.  The installed <msocket.h> states its own
 * SOCK_DEFAULT and VIRSYS_MSOCKET (it must stand alone); libmsocket checks
 * at compile time that they agree with these.
 */
#ifndef MSTACK_MSOCKET_NR_H
#define MSTACK_MSOCKET_NR_H

/* VUOS's msocket system call: a number no architecture uses. */
#define MSOCKET_NR_VUOS		(-5)
/* type: change the default stack for the domain instead. */
#define MSOCKET_SOCK_DEFAULT	0
/* View-OS's virtual call number, pivot_root's third argument. */
#define MSOCKET_VIRSYS		2

#endif
