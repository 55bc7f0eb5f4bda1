## tests/export/local.mk: memsnap_print --format, each format read back by
## its own reader (callgrind_annotate, ms_print, protoc --decode_raw and
## protoc --decode with pprof's profile.proto, the speedscope file format's
## JSON schema), on the snapshots of tests/progs/exports and
## tests/progs/churn run under memsnap (helpers in ExportTest.pm).

TESTS += \
	%D%/callgrind.t \
	%D%/json.t \
	%D%/massif.t \
	%D%/pprof.t \
	%D%/speedscope.t

# tests/package.json and package-lock.json: the npm packages of the tests
# (the speedscope package, for its file format's JSON schema), installed
# in tests/node_modules by the README's set-up line; nothing is fetched
# when the tests run.
EXTRA_DIST += %D%/ExportTest.pm %D%/JsonSchema.pm tests/package.json tests/package-lock.json
