// Swift's Glibc module does not export these headers.
#include <sys/epoll.h>
#include <sys/eventfd.h>
