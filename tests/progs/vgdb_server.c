/* A toy server for the vgdb tests (tests/tool/vgdb*.t), driven by the test
   through a FIFO.  Usage: vgdb_server FIFO

   It allocates a table, then loops: prints "ready N" (N = 1, 2, ...) and
   blocks in open() and read() of FIFO until the test writes to it (while
   it waits, every thread is blocked in a system call, so vgdb has to wake
   Valgrind up through ptrace).  Each line written is one request:

     grow N       serve N requests: handle() allocates an entry (@ENTRY,
                  24 B) and a key (@KEY, 32 B) per request and keeps both
     drop         frees every entry and key
     take NAME    VALGRIND_MEMSNAP_TAKE(NAME)
     compare OLD NEW KEY LIMIT   VALGRIND_MEMSNAP_COMPARE
     stats NAME KEY LIMIT        VALGRIND_MEMSNAP_STATS
     monitor CMD  VALGRIND_MONITOR_COMMAND(CMD) (the rest of the line)
     mark TEXT    writes "@@ TEXT" straight to fd 2, between the lines of
                  the Valgrind log (the tests split the log there)
     addr         prints "table A inside T" (T = the table's address, A =
                  T + 5, in hex) and, if there are entries, "entry A inside
                  E" for the first entry E
     spin FILE    busy: prints "spinning", then allocates and frees one
                  block of 40 B (@SPIN) in a loop until FILE exists; the
                  loop never has more than that one block live
     quit         leaves the loop, prints "bye", exits 0

   At start, before "ready 1": table = malloc(1000) at @TABLE.
   Nothing is freed at quit: the table and whatever entries and keys are
   left are still live at exit.

   Stacks of the entries and keys: handle (@ENTRY or @KEY), run (@CALLH),
   main (@CALLRUN).

   Numbers the tests rely on: after `grow N` (from nothing): @TABLE 1000 B
   in 1 block, @ENTRY 24*N B in N, @KEY 32*N B in N; `drop` returns to
   @TABLE only.  stdout is line-buffered through a static buffer and the
   FIFO is read with open/read, so stdio allocates nothing. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

#define MAX_REQ 10000

static char  outbuf[4096];
static void* entries[MAX_REQ];
static void* keys[MAX_REQ];
static int   n_req;

__attribute__((noinline)) static void handle(void)
{
   entries[n_req] = malloc(24);                      /* @ENTRY */
   keys[n_req]    = malloc(32);                      /* @KEY */
   n_req++;
}

__attribute__((noinline)) static void spin(const char* file)
{
   printf("spinning\n");
   fflush(stdout);
   while (access(file, F_OK) != 0) {
      for (int i = 0; i < 100; i++) {
         volatile char* p = malloc(40);              /* @SPIN */
         p[0] = 1;
         free((void*)p);
      }
   }
}

__attribute__((noinline)) static void run(char* line, char* table)
{
   /* "monitor" and "mark": the rest of the line, as it is. */
   if (!strncmp(line, "monitor ", 8)) {
      VALGRIND_MONITOR_COMMAND(line + 8);
      return;
   }
   if (!strncmp(line, "mark ", 5)) {
      char m[4200];
      int  n = snprintf(m, sizeof m, "@@ %s\n", line + 5);
      if (write(2, m, (size_t)n) != n)
         exit(3);
      return;
   }
   char* cmd  = strtok(line, " ");
   char* a1   = strtok(NULL, " ");
   char* a2   = strtok(NULL, " ");
   char* a3   = strtok(NULL, " ");
   char* a4   = strtok(NULL, " ");
   if (!cmd)
      return;
   if (!strcmp(cmd, "grow") && a1) {
      for (int n = atoi(a1); n > 0 && n_req < MAX_REQ; n--)
         handle();                                   /* @CALLH */
   } else if (!strcmp(cmd, "drop")) {
      for (int i = 0; i < n_req; i++) {
         free(entries[i]);
         free(keys[i]);
      }
      n_req = 0;
   } else if (!strcmp(cmd, "take") && a1) {
      printf("took %d\n", (int)VALGRIND_MEMSNAP_TAKE(a1));
   } else if (!strcmp(cmd, "compare") && a4) {
      VALGRIND_MEMSNAP_COMPARE(a1, a2, a3, atoi(a4));
   } else if (!strcmp(cmd, "stats") && a3) {
      VALGRIND_MEMSNAP_STATS(a1, a2, atoi(a3));
   } else if (!strcmp(cmd, "addr")) {
      printf("table %p inside %p\n", (void*)(table + 5), (void*)table);
      if (n_req)
         printf("entry %p inside %p\n", (void*)((char*)entries[0] + 5), entries[0]);
   } else if (!strcmp(cmd, "spin") && a1) {
      spin(a1);
   } else {
      printf("bad request '%s'\n", cmd);
   }
}

int main(int argc, char** argv)
{
   static char buf[4096];
   int  ready = 0;

   if (argc != 2)
      return 2;
   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   char* table = malloc(1000);                       /* @TABLE */
   memset(table, 0, 1000);
   for (;;) {
      printf("ready %d\n", ++ready);
      fflush(stdout);
      int fd = open(argv[1], O_RDONLY);
      if (fd < 0) {
         perror(argv[1]);
         return 1;
      }
      size_t len = 0;
      ssize_t n;
      while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
         len += (size_t)n;
      close(fd);
      buf[len] = '\0';
      int quit = 0;
      for (char* save = NULL, *line = strtok_r(buf, "\n", &save); line;
           line = strtok_r(NULL, "\n", &save)) {
         if (!strcmp(line, "quit"))
            quit = 1;
         else
            run(line, table);                         /* @CALLRUN */
      }
      if (quit)
         break;
   }
   printf("bye\n");
   return 0;
}
