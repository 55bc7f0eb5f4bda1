/* longname.cpp: two functions whose names are over 5,000 characters and
   differ only at their end: instances of one template over two structs
   whose names are a 5,120-character word followed by 1 or 2.  Each
   allocates 100 bytes (@LONG) once, and snapshot "s" is printed by
   function: two entries of one block each, with the names whole. */
#include <cstdlib>
#include <valgrind/memsnap.h>

#define CAT_(a, b) a##b
#define CAT(a, b)  CAT_(a, b)
#define DBL(x)     CAT(x, x)
#define WORD       DBL(DBL(DBL(DBL(DBL(DBL(DBL(DBL(DBL(DBL(abcde))))))))))

struct CAT(WORD, 1) { int x; };
struct CAT(WORD, 2) { int x; };

template <typename T>
__attribute__((noinline)) void* make()
{
   return std::malloc(100);                                    /* @LONG */
}

int main()
{
   void* a = make<CAT(WORD, 1)>();
   void* b = make<CAT(WORD, 2)>();
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "function", 0);
   std::free(a);
   std::free(b);
   return 0;
}
