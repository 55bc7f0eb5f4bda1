/* The program whose snapshots tests/tool/exports.t exports in every
   format of memsnap_print --format: threads, C++ allocations and a
   recursive function, so that the call trees have depth, a cycle and
   more than one root.

   main takes snapshot "start", then:
     - builds a list of 40 Node objects (new, 32 bytes each) in
       build_list, called recursively 40 deep;
     - starts 3 threads, each allocating 10 std::string buffers of 100
       bytes (new char[100]) in worker, and joining them;
     - allocates a 4000-byte table with malloc in main;
   takes snapshot "full", frees half the list and the table, and takes
   snapshot "half", and sends the monitor command given as its argument,
   if any.  The exit snapshot has what "half" has, and the peak is at
   "full".  Nothing it prints depends on memsnap. */
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <valgrind/memsnap.h>

struct Node {
   Node* next;
   long  value[3];
};

static Node* build_list(int n)
{
   if (n == 0)
      return nullptr;
   Node* rest = build_list(n - 1);
   Node* node = new Node;   // exports.cpp: the list's nodes
   node->next = rest;
   node->value[0] = n;
   return node;
}

static char* buffers[3][10];

static void* worker(void* arg)
{
   long t = reinterpret_cast<long>(arg);
   for (int i = 0; i < 10; i++)
      buffers[t][i] = new char[100];   // the threads' buffers
   return nullptr;
}

int main(int argc, char** argv)
{
   VALGRIND_MEMSNAP_TAKE("start");
   Node* list = build_list(40);
   pthread_t th[3];
   for (long t = 0; t < 3; t++)
      pthread_create(&th[t], nullptr, worker, reinterpret_cast<void*>(t));   /* @THREADS */
   for (long t = 0; t < 3; t++)
      pthread_join(th[t], nullptr);
   char* table = static_cast<char*>(std::malloc(4000));   // the table
   table[0] = 0;
   VALGRIND_MEMSNAP_TAKE("full");
   for (int i = 0; i < 20; i++) {
      Node* next = list->next;
      delete list;
      list = next;
   }
   std::free(table);
   VALGRIND_MEMSNAP_TAKE("half");
   if (argc > 1)   // a monitor command, for tests/tool/xtree.t
      VALGRIND_MONITOR_COMMAND(argv[1]);
   long sum = 0;
   for (Node* n = list; n; n = n->next)
      sum += n->value[0];
   std::printf("sum %ld\n", sum);
   return 0;
}
