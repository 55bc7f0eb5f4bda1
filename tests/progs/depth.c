/* --depth: at most N frames per stack (allocator frames not counted), and
   frames without line information passed over when attributing.
     @F3     f3: malloc(100), called from f2 (@F2), f1 (@F1), main (@CALLF1)
     @NODBG  main: nodbg_malloc(40); nodbg_malloc is written in assembler
             (amd64) in a section of its own, so it has no line
             information, only its symbol
     @DUP    main: strdup("hello, world"), 13 B allocated inside libc
   Snapshot "s", lineno key:
     default depth 12: @F3 100 B; @NODBG 40 B (nodbg_malloc passed over);
       the strdup block at @DUP, or at strdup's own file:line when libc's
       debug info (libc6-dbg) is installed;
       the @F3 traceback is f3, f2, f1, main, then libc start-up frames.
     --depth=2: @F3 100 B with traceback f3, f2; @NODBG 40 B (stack
       nodbg_malloc, main; traceback main, the frame it is charged to).
     --depth=1: @F3 100 B (traceback f3 only); the nodbg_malloc block is
       labelled `nodbg_malloc (depth):0` (function and object); the strdup
       block `strdup (libc.so.6):0`, or strdup's file:line with libc6-dbg. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

void* nodbg_malloc(size_t n);
#if defined(__x86_64__)
/* No .loc directives and not in .text: no line table covers it.  The CFI
   lets Valgrind unwind through it. */
__asm__("    .section .text.nodbg,\"ax\",@progbits\n"
        "    .globl nodbg_malloc\n"
        "    .type nodbg_malloc, @function\n"
        "nodbg_malloc:\n"
        "    .cfi_startproc\n"
        "    subq $8, %rsp\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    call malloc@PLT\n"
        "    addq $8, %rsp\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    ret\n"
        "    .cfi_endproc\n"
        "    .size nodbg_malloc, .-nodbg_malloc\n"
        "    .text\n");
#else
#define NODBG_IS_C 1   /* the test skips the nodbg_malloc checks */
__attribute__((noinline)) void* nodbg_malloc(size_t n) { return malloc(n); }
#endif

__attribute__((noinline)) static void* f3(size_t n)
{
   return malloc(n);                                  /* @F3 */
}

__attribute__((noinline)) static void* f2(size_t n)
{
   return f3(n);                                      /* @F2 */
}

__attribute__((noinline)) static void* f1(size_t n)
{
   return f2(n);                                      /* @F1 */
}

static void* keep[3];

int main(void)
{
   keep[0] = f1(100);                                 /* @CALLF1 */
   keep[1] = nodbg_malloc(40);                        /* @NODBG */
   keep[2] = strdup("hello, world");                  /* @DUP */
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   VALGRIND_MEMSNAP_STATS("s", "traceback", 0);
   printf("done\n");
   return 0;
}
