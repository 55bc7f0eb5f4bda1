/* Unit test of memsnap/msn_format.c, Python tracemalloc's _format_size in
   C, compiled natively (see tests/unit/shim/pub_tool_basics.h).  Prints
   TAP; run by tests/unit/format.t with the table of expected strings,
   tests/data/format-size.tsv (its comment says what each field means),
   which tests/report/format-size.t checks memsnap_print against too.
   A line with DEN 1 checks both MSN_(format_size)(NUM) and
   MSN_(format_size_double)((double)NUM); any other checks
   MSN_(format_size_double)((double)NUM / (double)DEN).  Then the cases of
   MSN_(escape_text), which need no table. */

#include <stdio.h>
#include <string.h>

#include "pub_tool_basics.h"
#include "msn_format.h"

static int n_test, n_fail;

static void check(const char* got, const char* exp, const char* what)
{
   n_test++;
   if (strcmp(got, exp) == 0) {
      printf("ok %d - %s = \"%s\"\n", n_test, what, exp);
   } else {
      n_fail++;
      printf("not ok %d - %s\n", n_test, what);
      printf("#   expected \"%s\"\n#   got      \"%s\"\n", exp, got);
   }
}

static void check_int(Long v, Bool sign, const char* exp)
{
   HChar buf[MSN_SIZE_BUF], what[100];
   memset(buf, 'X', sizeof buf);
   MSN_(format_size)(buf, v, sign);
   buf[MSN_SIZE_BUF - 1] = 0;   /* a missing terminator shows as XXX */
   snprintf(what, sizeof what, "format_size(%lld, %s)", v, sign ? "True" : "False");
   check(buf, exp, what);
}

static void check_double(Long num, Long den, Bool sign, const char* exp)
{
   HChar buf[MSN_SIZE_BUF], what[100];
   memset(buf, 'X', sizeof buf);
   MSN_(format_size_double)(buf, (double)num / (double)den, sign);
   buf[MSN_SIZE_BUF - 1] = 0;
   snprintf(what, sizeof what, "format_size_double(%lld/%lld, %s)", num, den,
            sign ? "True" : "False");
   check(buf, exp, what);
}

static void check_escape(const char* text, SizeT buf_szB, const char* exp)
{
   HChar buf[64], what[200];
   memset(buf, 'X', sizeof buf);
   MSN_(escape_text)(buf, buf_szB, text);
   /* The expected text names the case: the text itself may not print. */
   snprintf(what, sizeof what, "escape_text into %lu bytes", buf_szB);
   check(strlen(buf) < buf_szB ? buf : "(overflow)", exp, what);
}

/* The escapes of MSN_(escape_text), and its cut when buf is short. */
static void check_escapes(void)
{
   check_escape("plain-name", 64, "plain-name");
   check_escape("a\nb", 64, "a\\nb");
   check_escape("tab\there\r", 64, "tab\\there\\r");
   check_escape("back\\slash 'q'", 64, "back\\\\slash 'q'");
   check_escape("\xff\x01\x7f\xc3\xa9", 64, "\\xff\\x01\\x7f\\xc3\\xa9");
   check_escape("", 8, "");
   check_escape("abcdefg", 8, "abcdefg");
   check_escape("abcdefgh", 8, "abcd...");
   check_escape("ab\ncdef", 8, "ab\\n...");
   check_escape("\x01\x02", 8, "\\x01...");
}

/* One line of the table: 1 if it was checked, 0 if it is a comment or
   empty, -1 if it does not parse. */
static int check_line(const char* line)
{
   long long num, den;
   int       sign, n = 0;
   size_t    len;
   char      exp[MSN_SIZE_BUF];

   if (line[0] == '#' || line[0] == '\n')
      return 0;
   if (sscanf(line, "%lld\t%lld\t%d\t%n", &num, &den, &sign, &n) != 3 || n == 0
       || den <= 0 || (sign != 0 && sign != 1))
      return -1;
   len = strcspn(line + n, "\n");
   if (len == 0 || len >= sizeof exp || line[n + len] != '\n')
      return -1;
   memcpy(exp, line + n, len);
   exp[len] = 0;
   if (den == 1)
      check_int(num, sign ? True : False, exp);
   check_double(num, den, sign ? True : False, exp);
   return 1;
}

int main(int argc, char** argv)
{
   char  line[256];
   int   lineno = 0;
   FILE* f;

   if (argc != 2) {
      fprintf(stderr, "usage: %s FORMAT-SIZE-TABLE\n", argv[0]);
      return 2;
   }
   f = fopen(argv[1], "r");
   if (!f) {
      printf("Bail out! cannot open %s\n", argv[1]);
      return 2;
   }
   while (fgets(line, sizeof line, f)) {
      lineno++;
      if (check_line(line) < 0) {
         printf("Bail out! %s:%d: not NUM TAB DEN TAB SIGN TAB STRING\n", argv[1], lineno);
         return 2;
      }
   }
   fclose(f);
   if (n_test == 0) {
      printf("Bail out! %s holds no test\n", argv[1]);
      return 2;
   }
   check_escapes();
   printf("1..%d\n", n_test);
   if (n_fail)
      printf("# %d of %d failed\n", n_fail, n_test);
   return n_fail ? 1 : 0;
}
