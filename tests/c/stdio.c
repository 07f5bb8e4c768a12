/* The C half of the stdio case of tests/tests/c_interop.rs: wasi-libc's
 * printf, puts, fputs and getenv, linked with weld-wasi-preview1 and the
 * virtual wasi:cli (tests/c/wasi-guest), write to the virtual stdout and
 * stderr and read the virtual environment.
 *
 * No headers, as in interop.c (Rust's wasm32-wasip1 toolchain ships
 * wasi-libc's libraries but not its headers); the declarations below are
 * wasi-libc's. */

typedef __SIZE_TYPE__ size_t;
typedef struct _IO_FILE FILE;

extern FILE *const stdout;
extern FILE *const stderr;

int printf(const char *restrict format, ...);
int puts(const char *s);
int fputs(const char *restrict s, FILE *restrict stream);
int fflush(FILE *stream);
char *getenv(const char *name);
size_t strlen(const char *s);

/* Greets `name` on stdout, reports GREETING and an unset variable, writes a
 * line on stderr. The virtual stdout is no terminal, so after its first
 * write wasi-libc buffers stdout fully (stderr is unbuffered): it flushes
 * before returning, or only the first line would reach the virtual stdout.
 * Returns the length of GREETING, or -1 when it is unset. */
int c_report(const char *name) {
    const char *greeting = getenv("GREETING");
    const char *unset = getenv("WELD_UNSET");
    printf("hello, %s, from C\n", name);
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    printf("WELD_UNSET is %s\n", unset ? unset : "unset");
    for (int i = 1; i <= 3; i++)
        printf("%d * %d = %d (%#x)\n", i, 12, i * 12, i * 12);
    puts("puts adds a newline");
    printf("last line, flushed");
    fputs("C on stderr\n", stderr);
    fflush(stdout);
    return greeting ? (int)strlen(greeting) : -1;
}
