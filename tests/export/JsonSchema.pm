# JsonSchema.pm: a JSON Schema (draft-07) validator for the keywords that
# the speedscope file format's schema uses, for tests/export/speedscope.t.
#
# Why a validator of our own: the schema is the one the npm package
# `speedscope' ships (node_modules/speedscope/dist/release/
# file-format-schema.json), and uses only $ref to its own definitions,
# type, properties, required, items, anyOf, enum and const (title and
# $schema are annotations); a general validator from npm (ajv) would be
# another dependency tree for the tests to install.  Any other keyword is
# an error here, so that a schema using more than this validator checks
# fails the test instead of passing unchecked.
package JsonSchema;

use strict;
use warnings;
use B ();
use Exporter qw(import);

our @EXPORT_OK = qw(validate);

my %ANNOTATIONS = map { $_ => 1 } qw(title description $schema $comment);
my %KEYWORDS = map { $_ => 1 } qw($ref type properties required items anyOf enum const definitions);

# The errors of $data (decoded JSON) against $schema: a list of
# "PATH: message", empty when valid.
sub validate {
    my ($schema, $data) = @_;
    my @errors;
    check($schema, $schema, $data, '$', \@errors);
    return @errors;
}

sub check {
    my ($root, $s, $d, $path, $errors) = @_;
    for my $k (keys %$s) {
        die "JsonSchema: unsupported keyword '$k' at $path\n" unless $KEYWORDS{$k} || $ANNOTATIONS{$k};
    }
    if (defined $s->{'$ref'}) {
        my $target = resolve($root, $s->{'$ref'});
        check($root, $target, $d, $path, $errors);
    }
    if (defined $s->{type} && !is_type($d, $s->{type})) {
        push @$errors, "$path: not of type $s->{type}";
        return;
    }
    if (exists $s->{const} && !same($d, $s->{const})) {
        push @$errors, "$path: not the constant " . (ref $s->{const} ? 'value' : "'$s->{const}'");
    }
    if ($s->{enum} && !grep { same($d, $_) } @{ $s->{enum} }) {
        push @$errors, "$path: not one of " . join(', ', @{ $s->{enum} });
    }
    if (ref $d eq 'HASH') {
        for my $r (@{ $s->{required} // [] }) {
            push @$errors, "$path: no member '$r'" unless exists $d->{$r};
        }
        for my $k (sort keys %{ $s->{properties} // {} }) {
            check($root, $s->{properties}{$k}, $d->{$k}, "$path.$k", $errors) if exists $d->{$k};
        }
    }
    if (ref $d eq 'ARRAY' && $s->{items}) {
        check($root, $s->{items}, $d->[$_], "$path\[$_]", $errors) for 0 .. $#$d;
    }
    if ($s->{anyOf}) {
        my $ok = grep { my @e; check($root, $_, $d, $path, \@e); !@e } @{ $s->{anyOf} };
        push @$errors, "$path: matches none of anyOf" unless $ok;
    }
}

# The schema that "#/definitions/NAME" names in $root.
sub resolve {
    my ($root, $ref) = @_;
    $ref =~ m{\A#/definitions/(.+)\z} or die "JsonSchema: unsupported \$ref '$ref'\n";
    return $root->{definitions}{$1} // die "JsonSchema: undefined \$ref '$ref'\n";
}

sub is_type {
    my ($d, $type) = @_;
    return ref $d eq 'HASH' if $type eq 'object';
    return ref $d eq 'ARRAY' if $type eq 'array';
    return JSON::PP::is_bool($d) if $type eq 'boolean';
    return !defined $d if $type eq 'null';
    return 0 if !defined $d || ref $d;
    my $flags = B::svref_2object(\$d)->FLAGS;
    my $number = $flags & (B::SVp_IOK | B::SVp_NOK) && !($flags & B::SVp_POK);
    return $number if $type eq 'number';
    return $number && $d == int($d) if $type eq 'integer';
    return !$number if $type eq 'string';
    die "JsonSchema: unsupported type '$type'\n";
}

sub same {
    my ($x, $y) = @_;
    return 0 if defined $x != defined $y || ref $x;
    return is_type($x, 'number') ? $x == $y : $x eq $y;
}

1;
