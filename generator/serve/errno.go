package serve

import "syscall"

// syscallEADDRINUSE is the error of a port already in use.
var syscallEADDRINUSE error = syscall.EADDRINUSE
