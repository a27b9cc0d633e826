#!/usr/bin/env bash
# completions.sh - check completions/canal.bash, _canal and canal.fish.
#
# Prints one TAP line per check ("ok N - ...", "not ok N - ...",
# "ok N - ... # SKIP reason") and the plan last; exits 0 only if no check
# failed.  zsh and fish checks are skipped when those shells are missing.

cd "$(dirname "$0")/.." || exit 1
root=$PWD
export LC_ALL=C

n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/canal-completions.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[[ -n ${2-} ]] && printf '%s\n' "$2" | sed 's/^/#   /'
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# expect DESCRIPTION EXPECTED GOT
expect() {
	if [[ $2 == "$3" ]]; then
		pass "$1"
	else
		fail "$1" "expected '$2', got '$3'"
	fi
}

# A directory to complete file names in.
files=$tmp/files
mkdir -p "$files/sub"
: >"$files/a.jsonl"
: >"$files/b.csv"

# canal-ingest stand-ins: one whose --list-formats names a format no
# fixed list has (the completions must ask the program), one that fails
# (they must fall back to the fixed list).
mkdir -p "$tmp/newfmt" "$tmp/broken"
cat >"$tmp/newfmt/canal-ingest" <<'EOF'
#!/bin/sh
[ "$1" = --list-formats ] || exit 2
echo "csv         delimited text with a header line"
echo "zendesk     Zendesk incremental ticket export"
echo "auto        detect each file's format (the default)"
EOF
printf '#!/bin/sh\nexit 1\n' >"$tmp/broken/canal-ingest"
chmod +x "$tmp/newfmt/canal-ingest" "$tmp/broken/canal-ingest"

# --- bash -------------------------------------------------------------

# sim.bash MODE LINE: complete LINE (cursor at its end) as bash would and
# print the sorted COMPREPLY on one line.  MODE is "plain", or
# "bash-completion" to load that package first.
cat >"$tmp/sim.bash" <<'EOF'
mode=$1 line=$2
if [[ $mode == bash-completion ]]; then
	source /usr/share/bash-completion/bash_completion || exit 1
fi
source "$CANAL_ROOT/completions/canal.bash" || exit 1
# Split like readline with the default COMP_WORDBREAKS: on blanks, and
# "--opt=val" into "--opt" "=" "val".
COMP_WORDS=()
read -ra w <<<"$line"
for x in "${w[@]}"; do
	if [[ $x == --*=* ]]; then
		COMP_WORDS+=("${x%%=*}" "=")
		[[ -n ${x#*=} ]] && COMP_WORDS+=("${x#*=}")
	else
		COMP_WORDS+=("$x")
	fi
done
[[ $line == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMP_KEY=9
spec=$(complete -p "${COMP_WORDS[0]}") || exit 1
[[ $spec =~ -F\ ([^ ]+) ]] || exit 1
COMPREPLY=()
"${BASH_REMATCH[1]}" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
    "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd ' ' -
EOF

bcomp() { # bcomp MODE LINE
	CANAL_ROOT=$root bash --norc --noprofile "$tmp/sim.bash" "$1" "$2" \
	    2>&1
}

got=$(bash --norc --noprofile -c \
    'source completions/canal.bash && complete -p canal-merge' 2>&1)
expect "bash: complete -p canal-merge" \
    "complete -F _canal_merge canal-merge" "$got"
got=$(bash --norc --noprofile -c \
    'source completions/canal.bash && complete -p canal' 2>&1)
expect "bash: complete -p canal" "complete -F _canal canal" "$got"
got=$(bash --norc --noprofile -c \
    'source completions/canal.bash && complete -p canal-ingest' 2>&1)
expect "bash: complete -p canal-ingest" \
    "complete -F _canal_ingest canal-ingest" "$got"

modes=plain
if [[ -r /usr/share/bash-completion/bash_completion ]]; then
	modes="plain bash-completion"
else
	for c in canal-merge canal canal-ingest; do
		skip "bash-completion: $c" "bash-completion not installed"
	done
fi
for m in $modes; do
	expect "bash ($m): canal-merge --de" "--dedupe" \
	    "$(bcomp "$m" 'canal-merge --de')"
	expect "bash ($m): canal-merge --st" "--state --stats --stitch --strict" \
	    "$(bcomp "$m" 'canal-merge --st')"
	got=$(bcomp "$m" 'canal ')
	if [[ " $got " == *" merge "* ]]; then
		pass "bash ($m): canal TAB offers merge"
	else
		fail "bash ($m): canal TAB offers merge" "got '$got'"
	fi
	expect "bash ($m): canal merge --dedu" "--dedupe" \
	    "$(bcomp "$m" 'canal merge --dedu')"
	expect "bash ($m): canal -h" "-h" "$(bcomp "$m" 'canal -h')"
	expect "bash ($m): canal-merge -m" "1G 256M 64M" \
	    "$(bcomp "$m" 'canal-merge -m ')"
	expect "bash ($m): canal-merge --memory=" "1G 256M 64M" \
	    "$(bcomp "$m" 'canal-merge --memory=')"
	expect "bash ($m): canal-merge --stats=" "" \
	    "$(bcomp "$m" 'canal-merge --stats=')"
	expect "bash ($m): canal-merge operands prefer *.jsonl" "a.jsonl sub" \
	    "$(cd "$files" && bcomp "$m" 'canal-merge ')"
	expect "bash ($m): canal merge -o offers every file" "a.jsonl b.csv sub" \
	    "$(cd "$files" && bcomp "$m" 'canal merge -o ')"
	expect "bash ($m): canal merge --rejects=" "a.jsonl b.csv sub" \
	    "$(cd "$files" && bcomp "$m" 'canal merge --rejects=')"
	expect "bash ($m): canal-merge -- -" "" \
	    "$(cd "$files" && bcomp "$m" 'canal-merge -- -')"

	expect "bash ($m): canal-ingest -f as" "asterisk" \
	    "$(bcomp "$m" 'canal-ingest -f as')"
	expect "bash ($m): canal-ingest --format=j" "json jsonl" \
	    "$(bcomp "$m" 'canal-ingest --format=j')"
	expect "bash ($m): canal-ingest -f asks --list-formats" "zendesk" \
	    "$(PATH=$tmp/newfmt:$PATH bcomp "$m" 'canal ingest -f z')"
	expect "bash ($m): canal-ingest -f falls back to a fixed list" \
	    "asterisk" \
	    "$(PATH=$tmp/broken:$PATH bcomp "$m" 'canal-ingest -f as')"
	expect "bash ($m): canal-ingest --date-order" "auto dmy mdy ymd" \
	    "$(bcomp "$m" 'canal-ingest --date-order ')"
	expect "bash ($m): canal-ingest --delimiter" ', \; \| tab' \
	    "$(bcomp "$m" 'canal-ingest --delimiter ')"
	expect "bash ($m): canal-normalize -f as" "asterisk" \
	    "$(bcomp "$m" 'canal-normalize -f as')"
	expect "bash ($m): canal normalize --ph" "--phones" \
	    "$(bcomp "$m" 'canal normalize --ph')"
	expect "bash ($m): canal-normalize --phones" "possible valid" \
	    "$(bcomp "$m" 'canal-normalize --phones ')"
	expect "bash ($m): canal-normalize --tz Europe/Mad" "Europe/Madrid" \
	    "$(bcomp "$m" 'canal-normalize --tz Europe/Mad')"
	expect "bash ($m): canal-route --sh" "--shard-by --shards" \
	    "$(bcomp "$m" 'canal-route --sh')"
	expect "bash ($m): canal route --split c" "channel customer" \
	    "$(bcomp "$m" 'canal route --split c')"
	expect "bash ($m): canal ingest --list" "--list-formats" \
	    "$(bcomp "$m" 'canal ingest --list')"
	expect "bash ($m): canal-ingest --pat" \
	    "--path --pattern --pattern-file" \
	    "$(bcomp "$m" 'canal-ingest --pat')"
	got=$(bcomp "$m" 'canal ')
	if [[ " $got " == *" ingest "* ]]; then
		pass "bash ($m): canal TAB offers ingest"
	else
		fail "bash ($m): canal TAB offers ingest" "got '$got'"
	fi
	expect "bash ($m): canal-ingest operands are any file" \
	    "a.jsonl b.csv sub" \
	    "$(cd "$files" && bcomp "$m" 'canal-ingest ')"
	expect "bash ($m): canal ingest --pattern-file=" "a.jsonl b.csv sub" \
	    "$(cd "$files" && bcomp "$m" 'canal ingest --pattern-file=')"
done

# --- zsh --------------------------------------------------------------

zchecks=("zsh: _canal parses" "zsh: sourcing _canal after compinit"
    "zsh: compinit binds canal and canal-ingest, -merge, -normalize to _canal"
    "zsh: canal-merge --ded" "zsh: canal merge --dedu" "zsh: canal mer"
    "zsh: canal-merge -m 1" "zsh: canal-ingest -f as"
    "zsh: canal-ingest -f asks --list-formats"
    "zsh: canal-ingest -f falls back to a fixed list"
    "zsh: canal-ingest --date-order m" "zsh: canal ingest --list"
    "zsh: canal ing" "zsh: canal-normalize --phones p"
    "zsh: canal normalize --no-t" "zsh: canal-normalize -f as"
    "zsh: canal-route --exp")
if ! command -v zsh >/dev/null; then
	echo "# skip: zsh not installed"
	for c in "${zchecks[@]}"; do
		skip "$c" "zsh not installed"
	done
else
	if got=$(zsh -n completions/_canal 2>&1) && [[ -z $got ]]; then
		pass "${zchecks[0]}"
	else
		fail "${zchecks[0]}" "$got"
	fi
	if got=$(zsh -f -c 'autoload -Uz compinit; compinit -u -D;
	    fpath=(completions $fpath); source completions/_canal &&
	    print -r -- $_comps[canal] $_comps[canal-ingest] \
	    $_comps[canal-merge] $_comps[canal-normalize]' 2>&1); then
		expect "${zchecks[1]}" "_canal _canal _canal _canal" "$got"
	else
		fail "${zchecks[1]}" "$got"
	fi
	got=$(zsh -f -c 'fpath=(completions $fpath); autoload -Uz compinit;
	    compinit -u -D; autoload +X _canal &&
	    print -r -- $_comps[canal] $_comps[canal-ingest] \
	    $_comps[canal-merge] $_comps[canal-normalize]' 2>&1)
	expect "${zchecks[2]}" "_canal _canal _canal _canal" "$got"

	# Type LINE and TAB in an interactive zsh on a pseudo-terminal;
	# print the edit buffer after completion.
	cat >"$tmp/zcomp.zsh" <<'EOF'
zmodload zsh/zpty || exit 2
out=$1/zbuf
: >$out
zpty z 'zsh -f -i'
zpty -w z "PS1=''; fpath=($CANAL_ROOT/completions \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "dump() { print -r -- \"\$BUFFER\" >$out; }; zle -N dump; bindkey '^T' dump"
zpty -w -n z "$2"$'\t\x14'
n=0
while [[ ! -s $out ]] && (( n++ < 100 )); do sleep 0.1; done
zpty -d z
cat $out
EOF
	zcomp() {
		CANAL_ROOT=$root zsh -f "$tmp/zcomp.zsh" "$tmp" "$1" 2>&1
	}
	if ! zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
		for c in "${zchecks[@]:3}"; do
			skip "$c" "zsh/zpty module missing"
		done
	else
		expect "${zchecks[3]}" "canal-merge --dedupe " \
		    "$(zcomp 'canal-merge --ded')"
		expect "${zchecks[4]}" "canal merge --dedupe " \
		    "$(zcomp 'canal merge --dedu')"
		expect "${zchecks[5]}" "canal merge " "$(zcomp 'canal mer')"
		expect "${zchecks[6]}" "canal-merge -m 1G " \
		    "$(zcomp 'canal-merge -m 1')"
		expect "${zchecks[7]}" "canal-ingest -f asterisk " \
		    "$(zcomp 'canal-ingest -f as')"
		expect "${zchecks[8]}" "canal ingest -f zendesk " \
		    "$(PATH=$tmp/newfmt:$PATH zcomp 'canal ingest -f z')"
		expect "${zchecks[9]}" "canal-ingest -f asterisk " \
		    "$(PATH=$tmp/broken:$PATH zcomp 'canal-ingest -f as')"
		expect "${zchecks[10]}" "canal-ingest --date-order mdy " \
		    "$(zcomp 'canal-ingest --date-order m')"
		expect "${zchecks[11]}" "canal ingest --list-formats " \
		    "$(zcomp 'canal ingest --list')"
		expect "${zchecks[12]}" "canal ingest " "$(zcomp 'canal ing')"
		expect "${zchecks[13]}" "canal-normalize --phones possible " \
		    "$(zcomp 'canal-normalize --phones p')"
		expect "${zchecks[14]}" "canal normalize --no-text " \
		    "$(zcomp 'canal normalize --no-t')"
		expect "${zchecks[15]}" "canal-normalize -f asterisk " \
		    "$(zcomp 'canal-normalize -f as')"
		expect "${zchecks[16]}" "canal-route --explain " \
		    "$(zcomp 'canal-route --exp')"
	fi
fi

# --- fish -------------------------------------------------------------

fchecks=("fish: canal.fish parses" "fish: canal-merge --ded"
    "fish: canal-merge --st" "fish: canal TAB offers merge"
    "fish: canal merge --ded" "fish: canal-merge operands prefer *.jsonl"
    "fish: canal-ingest -f as" "fish: canal-ingest -f asks --list-formats"
    "fish: canal-ingest -f falls back to a fixed list"
    "fish: canal-ingest --date-order" "fish: canal ingest --list"
    "fish: canal TAB offers ingest" "fish: canal ingest operands are any file"
    "fish: canal-normalize --phones" "fish: canal normalize --list-p"
    "fish: canal-normalize -f as" "fish: canal-route --sh")
if ! command -v fish >/dev/null; then
	echo "# skip: fish not installed"
	for c in "${fchecks[@]}"; do
		skip "$c" "fish not installed"
	done
else
	mkdir -p "$tmp/xdg/config" "$tmp/xdg/data"
	fopt=
	fish --no-config -c true 2>/dev/null && fopt=--no-config
	# shellcheck disable=SC2016
	fcomp() { # fcomp LINE: the candidates fish offers, one line
		XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data \
		    fish $fopt -c 'source $argv[1]; complete -C$argv[2]' \
		    "$root/completions/canal.fish" "$1" 2>&1 |
		    cut -f1 | paste -sd ' ' -
	}
	if got=$(fish -n completions/canal.fish 2>&1) && [[ -z $got ]]; then
		pass "${fchecks[0]}"
	else
		fail "${fchecks[0]}" "$got"
	fi
	expect "${fchecks[1]}" "--dedupe" "$(fcomp 'canal-merge --ded')"
	expect "${fchecks[2]}" "--state --stats --stitch --strict" "$(fcomp 'canal-merge --st')"
	got=$(fcomp 'canal ')
	if [[ " $got " == *" merge "* ]]; then
		pass "${fchecks[3]}"
	else
		fail "${fchecks[3]}" "got '$got'"
	fi
	expect "${fchecks[4]}" "--dedupe" "$(fcomp 'canal merge --ded')"
	got=$(cd "$files" && fcomp 'canal merge ')
	expect "${fchecks[5]}" "a.jsonl sub/ b.csv" "$got"
	expect "${fchecks[6]}" "asterisk" "$(fcomp 'canal-ingest -f as')"
	expect "${fchecks[7]}" "zendesk" \
	    "$(PATH=$tmp/newfmt:$PATH fcomp 'canal ingest -f z')"
	expect "${fchecks[8]}" "asterisk" \
	    "$(PATH=$tmp/broken:$PATH fcomp 'canal-ingest -f as')"
	expect "${fchecks[9]}" "auto dmy mdy ymd" \
	    "$(fcomp 'canal-ingest --date-order ')"
	expect "${fchecks[10]}" "--list-formats" "$(fcomp 'canal ingest --list')"
	got=$(fcomp 'canal ')
	if [[ " $got " == *" ingest "* ]]; then
		pass "${fchecks[11]}"
	else
		fail "${fchecks[11]}" "got '$got'"
	fi
	expect "${fchecks[12]}" "a.jsonl b.csv sub/" \
	    "$(cd "$files" && fcomp 'canal ingest ')"
	expect "${fchecks[13]}" "possible valid" \
	    "$(fcomp 'canal-normalize --phones ')"
	expect "${fchecks[14]}" "--list-presets" \
	    "$(fcomp 'canal normalize --list-p')"
	expect "${fchecks[15]}" "asterisk" "$(fcomp 'canal-normalize -f as')"
	expect "${fchecks[16]}" "--shards --shard-by" \
	    "$(fcomp 'canal-route --sh')"
fi

echo "1..$n"
[[ $failed -eq 0 ]]
