import Glibc

// Block every signal before any thread exists: Dispatch threads inherit the mask, and
// SIGTERM/SIGINT/SIGHUP are then taken only by the signal sources (signalfd), so a
// signal that arrives during start-up is not lost or delivered to the wrong thread.
var blocked = sigset_t()
sigfillset(&blocked)
pthread_sigmask(SIG_BLOCK, &blocked, nil)

DroverCommand.main()
