/* The C half of tests/tests/c_interop.rs: C frees what Rust allocated and
 * Rust frees what C allocated, through the one allocator of the module.
 *
 * Freestanding on purpose (no headers: Rust's wasm32-wasip1 toolchain ships
 * wasi-libc's libraries but not its headers); the declarations below are
 * wasi-libc's. Returns 1 for success, 0 for a wrong byte. */

typedef __SIZE_TYPE__ size_t;

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

/* From the Rust staticlib (tests/c/guest). */
unsigned char *rust_make(size_t len);
int rust_take(unsigned char *ptr, size_t len);

static unsigned char pattern(size_t i) { return (unsigned char)(i * 7 + 3); }

/* Rust allocates (a boxed slice), C grows it with realloc and frees it. */
int c_frees_rust(size_t len) {
    unsigned char *p = rust_make(len);
    for (size_t i = 0; i < len; i++)
        if (p[i] != pattern(i))
            return 0;
    p = realloc(p, 2 * len + 1);
    if (!p)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (p[i] != pattern(i))
            return 0;
    free(p);
    return 1;
}

/* C allocates (malloc and calloc), Rust checks and frees. */
int rust_frees_c(size_t len) {
    unsigned char *p = malloc(len);
    if (!p)
        return 0;
    for (size_t i = 0; i < len; i++)
        p[i] = pattern(i);
    unsigned char *z = calloc(len, 1);
    if (!z)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (z[i] != 0)
            return 0;
    free(z);
    return rust_take(p, len);
}
