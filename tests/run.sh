#!/usr/bin/env bash
# tests/run.sh - canal's test harness.
#
#   tests/run.sh [--update] [--valgrind] [PATTERN]
#
# Runs the C unit tests (build/tests/test-*, TAP output), the completion
# tests, and every golden case tests/golden/TOOL/CASE/ whose path matches
# PATTERN.  A golden case holds:
#   cmd              shell commands run by sh in a scratch copy of the case
#                    directory, with the built programs first in PATH
#   expected.out     what they print on stdout
#   expected.err     what they print on stderr (absent: nothing)
#   expected.status  their exit status (absent: 0)
# Each case runs under LC_ALL=C with two different TZ values; both runs must
# give the expected output.  --update rewrites the expectations from a run
# (review them with git diff).  --valgrind runs every canal program under
# valgrind; a leak or memory error fails the case.  BUILD names the build
# directory (default build).  The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 1
root=$PWD
build=${BUILD:-build}
update=0
valgrind=0
pattern=
for arg in "$@"; do
	case $arg in
	--update) update=1 ;;
	--valgrind) valgrind=1 ;;
	-*) echo "usage: tests/run.sh [--update] [--valgrind] [PATTERN]" >&2; exit 2 ;;
	*) pattern=$arg ;;
	esac
done

export LC_ALL=C NO_COLOR=1
unset CANAL_OPTIONS
passed=0 failed=0 skipped=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/canal-tests.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

bin=$root/$build/bin
if [ "$valgrind" = 1 ]; then
	# Wrappers named like the programs, first in PATH.
	mkdir -p "$scratch/vgbin"
	for p in "$bin"/canal "$bin"/canal-*; do
		[ -x "$p" ] || continue
		# valgrind makes files of its own under TMPDIR at startup, and
		# needs address space and descriptors of its own: a case that
		# breaks TMPDIR on purpose (merge/no-tmpdir) or lowers ulimit
		# -v or -n (route/output-oom, route/outdir-ulimit) runs the
		# program itself (the sanitizer build still checks it).
		cat > "$scratch/vgbin/${p##*/}" <<WRAP
#!/bin/sh
if [ -n "\${TMPDIR:-}" ] && ! [ -d "\$TMPDIR" ]; then
	exec "$p" "\$@"
fi
if [ "\$(ulimit -v)" != unlimited ] || [ "\$(ulimit -n)" -lt 256 ]; then
	exec "$p" "\$@"
fi
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	"$p" "\$@"
WRAP
		chmod +x "$scratch/vgbin/${p##*/}"
	done
	bin=$scratch/vgbin
fi

# Counts the TAP lines of one test program's output.
count_tap() {
	local name=$1 out=$2 status=$3 line n_ok=0 n_fail=0 n_skip=0
	while IFS= read -r line; do
		case $line in
		"not ok"*) n_fail=$((n_fail + 1)); echo "FAIL $name: $line" ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*) n_skip=$((n_skip + 1)) ;;
		"ok "*) n_ok=$((n_ok + 1)) ;;
		esac
	done <<< "$out"
	if [ "$status" != 0 ] && [ "$n_fail" = 0 ]; then
		n_fail=1
		echo "FAIL $name: exit status $status"
		printf '%s\n' "$out" | tail -n 5
	fi
	passed=$((passed + n_ok)) failed=$((failed + n_fail))
	skipped=$((skipped + n_skip))
}

if [ -z "$pattern" ] || [ "$pattern" = unit ]; then
	for t in "$build"/tests/test-*; do
		case $t in *.d) continue ;; esac
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		count_tap "${t##*/}" "$out" $?
	done
fi
if [ -z "$pattern" ] || [ "$pattern" = completions ]; then
	out=$(PATH=$bin:$PATH tests/completions.sh 2>&1)
	count_tap completions "$out" $?
fi

# Runs one case under one TZ into $scratch/run.
run_case() {
	local dir=$1 tz=$2
	rm -rf "$scratch/run"
	cp -R "$dir" "$scratch/run"
	rm -f "$scratch"/run/expected.*
	(
		cd "$scratch/run" || exit 1
		export TZ=$tz TMPDIR=$scratch/run/tmp PATH=$bin:$PATH CANAL_ROOT=$root
		mkdir -p "$TMPDIR"
		sh ./cmd > "$scratch/out" 2> "$scratch/err" < /dev/null
		echo $? > "$scratch/status"
	)
	if [ "$valgrind" = 1 ]; then
		# Valgrind's own report is the failure; the program's
		# messages still have to match.
		grep -v '^==[0-9]*==' "$scratch/err" > "$scratch/err.p"
		if grep -q '^==[0-9]*==' "$scratch/err"; then
			echo "valgrind:" >> "$scratch/err.p"
			grep '^==[0-9]*==' "$scratch/err" | head -n 20 >> "$scratch/err.p"
		fi
		mv "$scratch/err.p" "$scratch/err"
	fi
}

differs() {
	local dir=$1 what
	for what in out err status; do
		if [ -f "$dir/expected.$what" ]; then
			cmp -s "$dir/expected.$what" "$scratch/$what" || return 0
		else
			case $what in
			out|err) [ -s "$scratch/$what" ] && return 0 ;;
			status) [ "$(cat "$scratch/status")" = 0 ] || return 0 ;;
			esac
		fi
	done
	return 1
}

for dir in tests/golden/*/*/; do
	dir=${dir%/}
	[ -f "$dir/cmd" ] || continue
	case $dir in *"$pattern"*) ;; *) continue ;; esac
	if [ "$update" = 1 ]; then
		run_case "$dir" UTC
		cp "$scratch/out" "$dir/expected.out"
		if [ -s "$scratch/err" ]; then cp "$scratch/err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
		if [ "$(cat "$scratch/status")" != 0 ]; then cp "$scratch/status" "$dir/expected.status"; else rm -f "$dir/expected.status"; fi
	fi
	ok=1
	for tz in UTC America/St_Johns; do
		run_case "$dir" "$tz"
		if differs "$dir"; then
			ok=0
			echo "FAIL ${dir#tests/golden/} (TZ=$tz)"
			for what in out err; do
				want=$dir/expected.$what
				[ -f "$want" ] || want=/dev/null
				diff -u "$want" "$scratch/$what" | head -n 20
			done
			echo "status: $(cat "$scratch/status") (want $(cat "$dir/expected.status" 2>/dev/null || echo 0))"
			break
		fi
	done
	if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
