// Attribution of optimized C++ (built -O2): every container allocates
// through inlined library code (new_allocator.h, stl_vector.h, ...), and
// each block must be charged to this file's own lines.
//   @VEC     a vector reserves 1000 ints (4000 B)
//   @MAP     a map gets 100 nodes
//   @STR     a string of 200 characters
//   @UNIQ    a unique_ptr to an array of 300 bytes
//   @SHARED  a shared_ptr made with make_shared (one block)
// Snapshot "s" holds them all.
#include <map>
#include <memory>
#include <string>
#include <vector>
#include <valgrind/memsnap.h>

struct Inventory {
   std::vector<int>             counts;
   std::map<int, long>          prices;
   std::string                  name;
   std::unique_ptr<char[]>      buffer;
   std::shared_ptr<std::string> label;
};

__attribute__((noinline)) static void fill(Inventory& inv)
{
   inv.counts.reserve(1000);                                   /* @VEC */
   for (int i = 0; i < 100; i++)
      inv.prices[i] = i;                                       /* @MAP */
   inv.name.assign(200, 'x');                                  /* @STR */
   inv.buffer.reset(new char[300]);                            /* @UNIQ */
   inv.label = std::make_shared<std::string>("a short label"); /* @SHARED */
}

int main()
{
   Inventory inv;
   fill(inv);
   VALGRIND_MEMSNAP_TAKE("s");
   return inv.counts.capacity() == 1000 ? 0 : 1;
}
