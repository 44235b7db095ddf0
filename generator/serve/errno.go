package serve

import "syscall"

// syscallEADDRINUSE is the error of a port already in use.
var syscallEADDRINUSE error = syscall.EADDRINUSE

// errENOSPC is what inotify_add_watch returns past the watch limit.
var errENOSPC error = syscall.ENOSPC
