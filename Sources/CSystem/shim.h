// Linux calls that Swift's Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// A GNU extension: Glibc's module is built without _GNU_SOURCE, so declare it here.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// Also GNU: the CPUs this process may run on (taskset, systemd's CPUAffinity=, cpusets).
#include <sched.h>
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);

// glibc 2.34+: a spawned child closes every descriptor from `from` up (GNU extension).
#include <spawn.h>
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
