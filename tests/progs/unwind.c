/* unwind.c: allocation stacks that memsnap's unwind memo (memsnap/
   msn_unwind.c) may reuse, and ones it must not.  Built -O2 without frame
   pointers, as the memo only reuses stacks of such code.

   Three threads (main and two others) each make ITERS descents through a
   recursion of DEPTH levels; each level is rec_a or rec_b, chosen by one
   bit of a path number, so that 64 different stacks reach the bottom with
   the same stack pointer (the memo's key is the same, the return
   addresses differ).  At the bottom, 4 blocks come from one call site and
   4 from another: consecutive allocations with the same stack, which the
   memo reuses.  Every 5th descent goes through `framed`, a function with
   a frame pointer and an alloca of varying size (its frame is found
   through its BP, which the memo must not trust); every 7th raises SIGUSR1,
   whose handler allocates too (a signal frame in the stack).  A fourth
   thread then allocates N_SHALLOW blocks from a stack shorter than
   --depth, which ends at the thread's base (glibc's clone), and N_NOCFI
   under `nocfi_call`, code without CFI whose BP is zero one time and
   points at a made-up frame the next: the unwinder stops there, or goes
   one frame further; the memo must not take that frame for the base of
   the thread's stack.  All blocks stay live to the end, so memsnap's exit
   statistics by traceback list every stack with its count: they must not
   depend on --unwind-memo.
     unwind [ITERS] */
#include <alloca.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))
#define DEPTH    6
#define MAX_KEPT 200000
#define N_NOCFI  200
#define N_SHALLOW 500

static void* kept[MAX_KEPT];
static int   n_kept;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int   iters = 2000;

static void keep(void* p)
{
   pthread_mutex_lock(&lock);
   if (n_kept < MAX_KEPT)
      kept[n_kept++] = p;
   pthread_mutex_unlock(&lock);
}

NOINLINE static void* alloc_here(size_t n)
{
   void* p = malloc(n);
   __asm__ volatile("" : : "r"(p) : "memory");
   return p;
}

NOINLINE static void* alloc_there(size_t n)
{
   void* p = calloc(1, n);
   __asm__ volatile("" : : "r"(p) : "memory");
   return p;
}

static void on_signal(int sig)
{
   (void)sig;
   keep(alloc_here(40));   /* malloc in a handler: fine under Valgrind */
}

NOINLINE static int bottom(unsigned path)
{
   for (int k = 0; k < 4; k++)
      keep(alloc_here(16 + path % 8));
   for (int k = 0; k < 4; k++)
      keep(alloc_there(24));
   return (int)path & 1;
}

NOINLINE static int rec_b(int level, unsigned path);

NOINLINE static int rec_a(int level, unsigned path)
{
   int r = level == 0 ? bottom(path)
         : (path >> level) & 1 ? rec_b(level - 1, path)
                               : rec_a(level - 1, path);
   __asm__ volatile("" : "+r"(r));   /* no tail call */
   return r + 1;
}

NOINLINE static int rec_b(int level, unsigned path)
{
   int r = level == 0 ? bottom(path)
         : (path >> level) & 1 ? rec_a(level - 1, path)
                               : rec_b(level - 1, path);
   __asm__ volatile("" : "+r"(r));
   return r + 2;
}

/* nocfi_call(fn, bp): calls fn with BP set to bp, from a frame with no
   CFI and a zero word at its SP (where the unwinder's last resort looks
   for a return address, and stops). */
void nocfi_call(void (*fn)(void), void* bp);
__asm__(".text\n"
        ".type nocfi_call, @function\n"
        "nocfi_call:\n"
        "   push %rbp\n"
        "   push $0\n"
        "   push $0\n"
        "   mov  %rsi, %rbp\n"
        "   call *%rdi\n"
        "   add  $16, %rsp\n"
        "   pop  %rbp\n"
        "   ret\n"
        ".size nocfi_call, .-nocfi_call\n");

NOINLINE static void alloc_under_nocfi(void)
{
   keep(alloc_here(48));
}

/* A frame for the unwinder to find through BP: no saved BP, a return
   address into nocfi_call (no CFI again), and a zero word above. */
static void* shallow_and_nocfi(void* arg)
{
   for (int i = 0; i < N_SHALLOW; i++)
      keep(alloc_here(32));
   void* frame[3] = { NULL, (void*)((char*)nocfi_call + 1), NULL };
   for (int i = 0; i < N_NOCFI; i++)
      nocfi_call(alloc_under_nocfi, i % 2 ? (void*)frame : NULL);
   __asm__ volatile("" : : "r"(frame) : "memory");
   return arg;
}

__attribute__((optimize("no-omit-frame-pointer"))) NOINLINE
static int framed(int pad, unsigned path)
{
   char* buf = alloca((size_t)pad);
   memset(buf, 1, (size_t)pad);
   __asm__ volatile("" : : "r"(buf) : "memory");
   int r = rec_a(DEPTH - 2, path);
   __asm__ volatile("" : "+r"(r));
   return r + buf[0];
}

static void* work(void* arg)
{
   long salt = (long)arg;
   for (int i = 0; i < iters; i++) {
      unsigned path = (unsigned)(i * 37 + salt) % 64;
      if (i % 7 == 3)
         raise(SIGUSR1);
      if (i % 5 == 0)
         framed(16 + (i / 5) % 64 * 16, path);
      else
         rec_a(DEPTH, path);
   }
   return NULL;
}

int main(int argc, char** argv)
{
   if (argc > 1)
      iters = atoi(argv[1]);
   signal(SIGUSR1, on_signal);
   pthread_t th[3];
   for (long t = 0; t < 2; t++)
      if (pthread_create(&th[t], NULL, work, (void*)(t + 1)))
         return 1;
   work(0);
   for (int t = 0; t < 2; t++)
      pthread_join(th[t], NULL);
   if (pthread_create(&th[2], NULL, shallow_and_nocfi, NULL))
      return 1;
   pthread_join(th[2], NULL);
   printf("unwind: %d blocks\n", n_kept);
   return 0;
}
