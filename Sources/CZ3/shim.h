// Z3's C API (Debian libz3-dev).
#include <z3.h>
