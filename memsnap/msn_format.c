/*--------------------------------------------------------------------*/
/*--- memsnap: tracemalloc's size formatting.         msn_format.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_format.h.  Owns nothing but the algorithm.

   _format_size walks the units B, KiB, MiB, GiB, TiB, dividing by 1024
   each time.  Dividing a double by 1024 is exact, so the value in unit k
   is exactly  v / 2^(10k).  Writing v = M * 2^E with an integer mantissa
   M < 2^53, the value times 10^p (p = number of decimals, 0 or 1) is
   N * 2^(E - 10k) with N = M * 10^p < 2^57: an integer shifted left or
   right.  A right shift loses bits; those bits decide the rounding, half
   to even, exactly as Python's correctly rounded '%.1f' does. */

#include "pub_tool_basics.h"
#include "msn_format.h"

static const HChar* const unit_names[] = { "B", "KiB", "MiB", "GiB", "TiB" };
#define N_UNITS 5

/* Splits a finite, non-negative double into mantissa and exponent:
   a == *mant * 2^*exp, exactly. */
static void split_double(double a, ULong* mant, Int* exp)
{
   union { double d; ULong u; } bits;
   bits.d = a;
   ULong frac      = bits.u & ((1ULL << 52) - 1);
   Int   exp_field = (Int)((bits.u >> 52) & 0x7ff);
   if (exp_field == 0) {            // zero or subnormal
      *mant = frac;
      *exp  = -1074;
   } else {
      *mant = frac | (1ULL << 52);
      *exp  = exp_field - 1075;
   }
}

/* a * 2^shift * 10^decimals, rounded half to even to an integer. */
static ULong scaled_round_half_even(double a, Int shift, Int decimals)
{
   ULong mant;
   Int   exp;
   split_double(a, &mant, &exp);
   ULong n = decimals ? mant * 10 : mant;
   Int   s = exp + shift;
   if (s >= 0)
      return n << s;  // v < 2^64 bytes keeps this far below 2^64
   Int drop = -s;
   if (drop >= 64)
      return 0;       // n < 2^57, so the value is below one half
   ULong kept = n >> drop;
   ULong rest = n & ((1ULL << drop) - 1);
   ULong half = 1ULL << (drop - 1);
   if (rest > half || (rest == half && (kept & 1)))
      kept++;
   return kept;
}

/* Appends the decimal digits of u at *p; advances *p. */
static void put_digits(HChar** p, ULong u)
{
   HChar tmp[24];
   Int   n = 0;
   do {
      tmp[n++] = (HChar)('0' + u % 10);
      u /= 10;
   } while (u != 0);
   while (n > 0)
      *(*p)++ = tmp[--n];
}

static void put_str(HChar** p, const HChar* s)
{
   while (*s)
      *(*p)++ = *s++;
}

/* Writes  [sign]value-in-unit-k  with `decimals` decimals and the unit. */
static void put_in_unit(HChar* buf, double v, Bool sign, Int k, Int decimals)
{
   HChar* p = buf;
   double a = v < 0 ? -v : v;
   if (v < 0)
      *p++ = '-';
   else if (sign)
      *p++ = '+';
   ULong r = scaled_round_half_even(a, -10 * k, decimals);
   if (decimals) {
      put_digits(&p, r / 10);
      *p++ = '.';
      *p++ = (HChar)('0' + r % 10);
   } else {
      put_digits(&p, r);
   }
   *p++ = ' ';
   put_str(&p, unit_names[k]);
   *p = '\0';
}

void MSN_(format_size_double)(HChar* buf, double v, Bool sign)
{
   double a = v < 0 ? -v : v;
   double unit_szB = 1.0;   // 1024^k
   for (Int k = 0; k < N_UNITS; k++, unit_szB *= 1024) {
      if (k > 0 && a < 100 * unit_szB) {
         put_in_unit(buf, v, sign, k, /*decimals*/1);
         return;
      }
      if (a < 10 * 1024 * unit_szB || k == N_UNITS - 1) {
         put_in_unit(buf, v, sign, k, /*decimals*/0);
         return;
      }
   }
}

/* The escape of byte c into esc (up to 4 characters); returns its length. */
static SizeT escape_byte(UChar c, HChar* esc)
{
   static const HChar hex[] = "0123456789abcdef";
   HChar named = c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r'
                 : c == '\\' ? '\\' : 0;
   if (named) {
      esc[0] = '\\';
      esc[1] = named;
      return 2;
   }
   if (c >= ' ' && c < 0x7f) {
      esc[0] = (HChar)c;
      return 1;
   }
   esc[0] = '\\';
   esc[1] = 'x';
   esc[2] = hex[c >> 4];
   esc[3] = hex[c & 15];
   return 4;
}

void MSN_(escape_text)(HChar* buf, SizeT buf_szB, const HChar* text)
{
   HChar esc[4];
   SizeT whole = 0;
   for (const HChar* t = text; *t; t++)
      whole += escape_byte((UChar)*t, esc);
   /* All of it if it fits, else what fits before "...". */
   SizeT room = whole < buf_szB ? buf_szB - 1 : buf_szB - 4;
   SizeT n    = 0;
   for (; *text; text++) {
      SizeT len = escape_byte((UChar)*text, esc);
      if (n + len > room)
         break;
      for (SizeT i = 0; i < len; i++)
         buf[n++] = esc[i];
   }
   if (whole >= buf_szB)
      for (Int i = 0; i < 3; i++)
         buf[n++] = '.';
   buf[n] = '\0';
}

void MSN_(format_size)(HChar* buf, Long szB, Bool sign)
{
   /* Python divides the integer by 1024 in floating point; the double
      conversion is exact below 2^53 bytes (8 PiB). */
   MSN_(format_size_double)(buf, (double)szB, sign);
}

/*------------------------------------------------------------*/
/*--- Intervals of the clock                               ---*/
/*------------------------------------------------------------*/

static Bool same_text(const HChar* a, const HChar* b)
{
   for (; *a && *a == *b; a++, b++)
      ;
   return *a == *b;
}

const HChar* MSN_(parse_interval)(const HChar* text, ULong* n,
                                  const HChar** unit)
{
   static const struct { const HChar* suffix; const HChar* unit; ULong scale; }
   units[] = {
      { "B",  "B",  1 }, { "KiB", "B", 1ULL << 10 }, { "MiB", "B", 1ULL << 20 },
      { "GiB", "B", 1ULL << 30 }, { "ms", "ms", 1 }, { "s", "ms", 1000 },
      { "i",  "i",  1 },
   };
   const HChar* p     = text;
   ULong        value = 0;
   if (*p < '0' || *p > '9')
      return "give a number and its unit: B, KiB, MiB, GiB (bytes "
             "allocated), ms, s or i (instructions), e.g. 10MiB";
   for (; *p >= '0' && *p <= '9'; p++) {
      ULong digit = (ULong)(*p - '0');
      if (value > (~0ULL - digit) / 10)
         return "the number is too large";
      value = value * 10 + digit;
   }
   if (*p == '\0')
      return "give the unit after the number: B, KiB, MiB, GiB (bytes "
             "allocated), ms, s or i (instructions), e.g. 10MiB";
   for (UInt i = 0; i < sizeof units / sizeof units[0]; i++) {
      if (!same_text(p, units[i].suffix))
         continue;
      if (value == 0)
         return "the interval must be more than 0";
      if (value > ~0ULL / units[i].scale)
         return "the number is too large";
      *n    = value * units[i].scale;
      *unit = units[i].unit;
      return NULL;
   }
   return "unknown unit: give B, KiB, MiB, GiB (bytes allocated), ms, s "
          "or i (instructions)";
}
