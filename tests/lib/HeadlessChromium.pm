package HeadlessChromium;

# A headless Chromium driven over the DevTools protocol, for the tests of
# memsnap_print --html (tests/report/html.t).
#
# The browser is started with --remote-debugging-pipe: it reads protocol
# messages (JSON, each ended by a NUL byte) on its file descriptor 3 and
# writes its answers and events on descriptor 4, so no port, no WebSocket
# and no npm package are needed; JSON::PP (a core module) does the JSON.
# One page (a target, attached in flat mode) is opened; the driver loads
# files into it, evaluates JavaScript, takes screenshots, and records what
# a test must see empty: the network requests other than the page itself,
# and the JavaScript errors (exceptions, console errors, CSP reports).
#
#   my $b = HeadlessChromium->start or skip ...;   # undef: $HeadlessChromium::WHY
#   $b->load('/abs/page.html');
#   my $v = $b->js('document.title');
#   $b->screenshot('#timeline-view', 'out.png');
#   my @bad = ($b->requests, $b->errors);
#   $b->stop;
# Core modules only.

use strict;
use warnings;

use File::Temp qw(tempdir);
use IO::Select;
use JSON::PP;
use MIME::Base64 qw(decode_base64);
use POSIX qw(WNOHANG);

our $WHY;    # why start() returned undef

# Flags for a machine without a network, a display or a GPU: no sandbox
# (tests may run as root), no first-run, sync, update or other background
# traffic, which would only fill the log with refused connections.
my @FLAGS = qw(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
               --disable-background-networking --disable-component-update --disable-sync
               --disable-default-apps --disable-extensions --mute-audio --hide-scrollbars
               --remote-debugging-pipe);

# Seconds to wait for one answer of the browser.
our $TIMEOUT = 60;

# The browser's command: $MEMSNAP_CHROMIUM, else chromium in PATH.
sub command {
    return $ENV{MEMSNAP_CHROMIUM} if $ENV{MEMSNAP_CHROMIUM};
    for my $dir (split /:/, $ENV{PATH} // '') {
        for my $name (qw(chromium chromium-browser)) {
            return "$dir/$name" if -x "$dir/$name";
        }
    }
    return;
}

# Starts the browser with a fresh profile and opens one page (WIDTH x
# HEIGHT pixels); undef (and $WHY) when there is no browser or it does not
# answer.
sub start {
    my ($class, %a) = @_;
    my $cmd = command() or do { $WHY = 'chromium not found (Debian: apt-get install chromium)'; return };
    my $self = bless { json => JSON::PP->new->utf8->canonical, id => 0, buf => '',
                       events => [], requests => [], errors => [] }, $class;
    $self->{profile} = tempdir('memsnap-chromium-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    $self->spawn($cmd);
    my $target = eval { $self->call('Target.createTarget', { url => 'about:blank' }) };
    unless ($target) {
        $WHY = "chromium did not answer: " . ($@ =~ s/\s+\z//r);
        $self->stop;
        return;
    }
    my $att = $self->call('Target.attachToTarget', { targetId => $target->{targetId}, flatten => JSON::PP::true });
    $self->{session} = $att->{sessionId};
    $self->call($_) for qw(Page.enable Runtime.enable Log.enable Network.enable);
    $self->call('Emulation.setDeviceMetricsOverride',
                { width => $a{width} // 1200, height => $a{height} // 900, deviceScaleFactor => 1,
                  mobile => JSON::PP::false });
    return $self;
}

# Forks the browser with the protocol pipes on its descriptors 3 and 4.
sub spawn {
    my ($self, $cmd) = @_;
    pipe(my $to_r, my $to_w) or die "pipe: $!";
    pipe(my $from_r, my $from_w) or die "pipe: $!";
    my $log = "$self->{profile}/chromium.log";
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        setpgrp(0, 0);
        my ($in, $out) = (POSIX::dup(fileno $to_r), POSIX::dup(fileno $from_w));
        POSIX::dup2($in, 3) // die "dup2: $!";
        POSIX::dup2($out, 4) // die "dup2: $!";
        open(STDIN, '<', '/dev/null');
        open(STDOUT, '>', $log);
        open(STDERR, '>&', \*STDOUT);
        exec($cmd, @FLAGS, "--user-data-dir=$self->{profile}/profile", 'about:blank')
            or POSIX::_exit(127);
    }
    close $to_r;
    close $from_w;
    binmode $_ for $to_w, $from_r;
    $to_w->autoflush(1);
    @$self{qw(pid to from log)} = ($pid, $to_w, $from_r, $log);
}

# Sends METHOD with PARAMS (to the page, once attached) and returns its
# result; dies with the protocol's error, or when the browser is silent
# for $TIMEOUT seconds.
sub call {
    my ($self, $method, $params) = @_;
    my $id = ++$self->{id};
    my %msg = (id => $id, method => $method, params => $params // {});
    $msg{sessionId} = $self->{session} if $self->{session} && $method !~ /\A(?:Target|Browser)\./;
    print { $self->{to} } $self->{json}->encode(\%msg) . "\0" or die "writing to chromium: $!";
    while (1) {
        my $m = $self->next_message;
        next unless defined $m->{id} && $m->{id} == $id;
        die "$method: $m->{error}{message}\n" if $m->{error};
        return $m->{result};
    }
}

# The next message of the browser; events are noted on the way.
sub next_message {
    my ($self) = @_;
    my $sel = IO::Select->new($self->{from});
    while ($self->{buf} !~ /\0/) {
        $sel->can_read($TIMEOUT) or die "no answer from chromium in $TIMEOUT s (log: $self->{log})\n";
        my $n = sysread($self->{from}, $self->{buf}, 1 << 16, length $self->{buf});
        die "chromium closed the protocol pipe (log: $self->{log})\n" unless $n;
    }
    $self->{buf} =~ s/\A([^\0]*)\0//;
    my $m = $self->{json}->decode($1);
    $self->note_event($m) if $m->{method};
    return $m;
}

# Keeps the events a test checks: requests and errors.
sub note_event {
    my ($self, $m) = @_;
    my ($method, $p) = @$m{qw(method params)};
    push @{ $self->{events} }, $method;
    if ($method eq 'Network.requestWillBeSent') {
        push @{ $self->{requests} }, $p->{request}{url};
    } elsif ($method eq 'Runtime.exceptionThrown') {
        my $d = $p->{exceptionDetails};
        push @{ $self->{errors} }, 'exception: ' . ($d->{exception}{description} // $d->{text});
    } elsif ($method eq 'Runtime.consoleAPICalled' && $p->{type} =~ /\A(?:error|warning|assert)\z/) {
        push @{ $self->{errors} }, "console.$p->{type}: "
            . join(' ', map { $_->{value} // $_->{description} // '' } @{ $p->{args} });
    } elsif ($method eq 'Log.entryAdded' && $p->{entry}{level} =~ /\A(?:error|warning)\z/) {
        push @{ $self->{errors} }, "log $p->{entry}{level}: $p->{entry}{text}";
    }
}

# Loads the file at absolute PATH (with the address's FRAGMENT after a
# '#', if given) and waits for its load event; the requests and errors
# seen so far are forgotten.  (The page before must be another file: a
# change of the fragment alone does not load the page again.)
sub load {
    my ($self, $path, $fragment) = @_;
    @{ $self->{events} } = ();
    @{ $self->{requests} } = ();
    @{ $self->{errors} } = ();
    $self->{page_url} = 'file://' . $path;
    my $url = $self->{page_url} . (defined $fragment ? "#$fragment" : '');
    my $r = $self->call('Page.navigate', { url => $url });
    die "loading $path: $r->{errorText}\n" if $r->{errorText};
    my $seen = grep { $_ eq 'Page.loadEventFired' } @{ $self->{events} };
    $self->next_message until $seen || grep { $_ eq 'Page.loadEventFired' } @{ $self->{events} };
    return $self;
}

# The value of the JavaScript EXPR in the page (a promise is awaited);
# dies with the exception it threw.
sub js {
    my ($self, $expr) = @_;
    my $r = $self->call('Runtime.evaluate', { expression => $expr, returnByValue => JSON::PP::true,
                                              awaitPromise => JSON::PP::true });
    if (my $d = $r->{exceptionDetails}) {
        die 'in the page: ' . ($d->{exception}{description} // $d->{text}) . "\n";
    }
    return $r->{result}{value};
}

# Saves a PNG of the element SELECTOR (the whole page if undef) to FILE.
sub screenshot {
    my ($self, $selector, $file) = @_;
    my %params = (format => 'png', captureBeyondViewport => JSON::PP::true);
    if (defined $selector) {
        my $box = $self->js("(() => { const r = document.querySelector(" . $self->{json}->encode($selector)
                              . ").getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, "
                              . "r.width, r.height]; })()");
        $params{clip} = { x => $box->[0], y => $box->[1], width => $box->[2], height => $box->[3], scale => 1 };
    }
    my $r = $self->call('Page.captureScreenshot', \%params);
    open(my $fh, '>:raw', $file) or die "$file: $!";
    print $fh decode_base64($r->{data});
    close $fh or die "$file: $!";
    return -s $file;
}

# The URLs requested other than the page's own.
sub requests {
    my ($self) = @_;
    return grep { $_ ne ($self->{page_url} // '') } @{ $self->{requests} };
}

sub errors { return @{ $_[0]{errors} } }

# Closes the browser (killing it if it does not exit in 10 s).
sub stop {
    my ($self) = @_;
    return unless $self->{pid};
    eval { local $TIMEOUT = 10; $self->call('Browser.close') };
    close $self->{to};
    for (1 .. 100) {
        last if waitpid($self->{pid}, WNOHANG) == $self->{pid};
        select(undef, undef, undef, 0.1);
    }
    if (kill(0, $self->{pid})) {
        kill('KILL', -$self->{pid});
        waitpid($self->{pid}, 0);
    }
    delete $self->{pid};
}

sub DESTROY { $_[0]->stop }

1;
