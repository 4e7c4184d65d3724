// Walks a message unpacked by protobuf-c through its runtime descriptors and prints the canonical
// text form that Tests/RPCDecodeTests/ProtobufDifferentialTests.swift also prints from RPCDecode.
#include "include/protobuf_c_reference.h"
#include "include/store.pb-c.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_message(FILE *out, const char *path, const ProtobufCMessage *message);

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static size_t element_size(ProtobufCType type) {
    switch (type) {
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    default: return 4;
    }
}

/// Prints one value; returns 0 without printing if it is the type's default and `skip_default`.
static void print_value(FILE *out, const char *path, const ProtobufCFieldDescriptor *f, const void *p, int skip_default) {
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_ENUM: {
        int32_t v = *(const int32_t *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%" PRId32 "\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: {
        uint32_t v = *(const uint32_t *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%" PRIu32 "\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64: {
        int64_t v = *(const int64_t *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%" PRId64 "\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: {
        uint64_t v = *(const uint64_t *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%" PRIu64 "\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_FLOAT: {
        float v = *(const float *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%.17g\n", path, (double)v);
        break;
    }
    case PROTOBUF_C_TYPE_DOUBLE: {
        double v = *(const double *)p;
        if (!(skip_default && v == 0)) fprintf(out, "%s=%.17g\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_BOOL: {
        protobuf_c_boolean v = *(const protobuf_c_boolean *)p;
        if (!(skip_default && !v)) fprintf(out, "%s=%s\n", path, v ? "true" : "false");
        break;
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *v = *(char *const *)p;
        if (v && !(skip_default && v[0] == 0)) fprintf(out, "%s=%s\n", path, v);
        break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *v = p;
        if (skip_default && v->len == 0) break;
        fprintf(out, "%s=", path);
        for (size_t i = 0; i < v->len; i++) fprintf(out, "%02x", v->data[i]);
        fprintf(out, "\n");
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *v = *(ProtobufCMessage *const *)p;
        if (v) print_message(out, path, v);
        break;
    }
    }
}

static void print_message(FILE *out, const char *path, const ProtobufCMessage *message) {
    const ProtobufCMessageDescriptor *d = message->descriptor;
    const char *base = (const char *)message;
    // Map entries always carry key and value; other proto3 scalars are absent when default.
    int is_entry = ends_with(d->name, "Entry");
    if (path[0]) fprintf(out, "%s={}\n", path);
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        char child[1024];
        snprintf(child, sizeof child, "%s%s%s", path, path[0] ? "." : "", f->name);
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count = *(const size_t *)(base + f->quantifier_offset);
            const char *array = *(char *const *)(base + f->offset);
            for (size_t j = 0; j < count; j++) {
                char element[1100];
                snprintf(element, sizeof element, "%s[%zu]", child, j);
                print_value(out, element, f, array + j * element_size(f->type), 0);
            }
        } else if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(const uint32_t *)(base + f->quantifier_offset) == f->id) print_value(out, child, f, base + f->offset, 0);
        } else {
            print_value(out, child, f, base + f->offset, !is_entry);
        }
    }
}

char *protobuf_c_reference_canonical(const char *name, const uint8_t *data, size_t length) {
    const ProtobufCMessageDescriptor *d = NULL;
    if (strcmp(name, "ucheck.test.Everything") == 0) d = &ucheck__test__everything__descriptor;
    else if (strcmp(name, "ucheck.test.GetRequest") == 0) d = &ucheck__test__get_request__descriptor;
    else if (strcmp(name, "ucheck.test.GetReply") == 0) d = &ucheck__test__get_reply__descriptor;
    else if (strcmp(name, "ucheck.test.Inner") == 0) d = &ucheck__test__inner__descriptor;
    if (!d) return NULL;
    ProtobufCMessage *message = protobuf_c_message_unpack(d, NULL, length, data);
    if (!message) return NULL;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    print_message(out, "", message);
    fclose(out);
    protobuf_c_message_free_unpacked(message, NULL);
    return text;
}
