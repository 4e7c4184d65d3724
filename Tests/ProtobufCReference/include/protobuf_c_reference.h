// protobuf-c as a reference decoder for the RPCDecode differential tests.
#ifndef PROTOBUF_C_REFERENCE_H
#define PROTOBUF_C_REFERENCE_H
#include <stddef.h>
#include <stdint.h>

/// Unpacks `data` with protobuf-c as the message type `name` (a type of Fixtures/store.proto,
/// e.g. "ucheck.test.Everything") and returns its fields in the canonical text form the tests
/// compare (one "path=value" line per value, unsorted); the caller frees it. NULL if protobuf-c
/// rejects the bytes or the type is unknown.
char *protobuf_c_reference_canonical(const char *name, const uint8_t *data, size_t length);

#endif
