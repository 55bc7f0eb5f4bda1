#!/usr/bin/perl
# dist-lists.t: every source file of the tool and of memsnap_print is named
# in the local.mk of its directory, so that `make dist' and `make distdir'
# (which `make check-compat' builds from) carry it.  A file that only a
# build in the source tree finds builds and tests fine here and breaks
# every build from a distribution.
#   memsnap/*.c, memsnap/*.h                  in memsnap/local.mk
#   scripts/*.pm, scripts/*/*.pm, scripts/html/*  in scripts/local.mk
# A name is written relative to its local.mk, as %D%/NAME.
use strict;
use warnings;
use Test::More;
use MemsnapTest qw(srcdir slurp);

my $top = srcdir();
my %lists = (
    'memsnap/local.mk' => [map { "memsnap/$_" } list_dir('memsnap', qr/\.[ch]\z/)],
    'scripts/local.mk' => [(map { "scripts/$_" } list_dir('scripts', qr/\.pm\z/)),
                           (map { "scripts/MemsnapExport/$_" } list_dir('scripts/MemsnapExport', qr/\.pm\z/)),
                           (map { "scripts/html/$_" } list_dir('scripts/html', qr/\A[^.]/))],
);

# The names in directory $dir (of the source tree) that match $re.
sub list_dir {
    my ($dir, $re) = @_;
    opendir(my $dh, "$top/$dir") or die "$top/$dir: $!";
    my @names = sort grep { /$re/ && -f "$top/$dir/$_" } readdir $dh;
    closedir $dh;
    return @names;
}

for my $mk (sort keys %lists) {
    my $text = slurp("$top/$mk");
    (my $dir = $mk) =~ s{/local\.mk\z}{};
    ok(@{ $lists{$mk} } > 1, "$mk: files to look for");
    for my $path (@{ $lists{$mk} }) {
        (my $name = $path) =~ s{\A\Q$dir\E/}{};
        like($text, qr{%D%/\Q$name\E\b}, "$path is named in $mk")
            or diag("add %D%/$name to the right list of $mk (sources, headers or data)");
    }
}
done_testing();
