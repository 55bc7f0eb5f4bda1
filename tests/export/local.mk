## tests/export/local.mk: memsnap_print --format, each format read back by
## its own reader (callgrind_annotate, ms_print, protoc --decode_raw, the
## speedscope file format's JSON schema), on the snapshots of
## tests/progs/exports run under memsnap (helpers in ExportTest.pm).

TESTS += \
	%D%/callgrind.t \
	%D%/json.t

EXTRA_DIST += %D%/ExportTest.pm
