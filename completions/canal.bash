# bash completion for canal(1) and the canal-* programs.
#
# Uses the bash-completion package when it is loaded, plain compgen
# otherwise.  Install as .../bash-completion/completions/canal, with a
# link named after each canal-* program (canal-ingest, canal-merge, canal-normalize) for
# lazy loading.

# _canal_init: set cur, prev, words, cword and split (declared local by
# the caller) without bash-completion.  With the default COMP_WORDBREAKS,
# "--output=a.js" arrives as the words "--output" "=" "a.js".
_canal_init()
{
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	split=false
	if [[ $cur == = && $prev == --* ]]; then
		cur=
		split=true
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)) &&
	    [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
		split=true
	fi
}

# _canal_files [jsonl]: file names matching $cur; with jsonl, *.jsonl and
# directories when there is such a file, else every file.
_canal_files()
{
	local -a files=()

	compopt -o filenames 2>/dev/null
	if [[ $1 == jsonl ]]; then
		mapfile -t files < <(compgen -f -X '!*.jsonl' -- "$cur")
		if ((${#files[@]})); then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			COMPREPLY+=("${files[@]}")
			return
		fi
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

_canal_merge()
{
	local cur prev words cword split=false i

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		_canal_init
	fi

	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_canal_files jsonl
			return
		fi
	done

	case $prev in
	-o | --output | --rejects | --identity-map | --conflicts | --state)
		_canal_files
		return
		;;
	-m | --memory)
		mapfile -t COMPREPLY < <(compgen -W '64M 256M 1G' -- "$cur")
		return
		;;
	--cases | --idle)
		mapfile -t COMPREPLY < <(compgen -W '24h 72h 7d' -- "$cur")
		return
		;;
	--country)
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--by-customer --cases
		    --conflicts --country --dedupe --help --identity-map --idle
		    --line-buffered --links-only --memory --output --rejects
		    --state --stats --stitch --strict --thread-subject
		    --version --wait -V -h -m -o' -- "$cur")
		return
	fi
	_canal_files jsonl
}

# _canal_ingest_formats PROG: the format names PROG --list-formats prints
# now, so that new formats need no change here; a fixed list when PROG
# cannot be run.
_canal_ingest_formats()
{
	local list=

	if command -v "$1" >/dev/null 2>&1; then
		list=$("$1" --list-formats 2>/dev/null |
		    awk '$1 ~ /^[a-z][a-z0-9_-]*$/ { print $1 }')
	fi
	if [[ -z $list ]]; then
		list='csv asterisk freeswitch mbox whatsapp telegram messenger
		    json jsonl regex auto'
	fi
	echo $list
}

_canal_ingest()
{
	local cur prev words cword split=false i d

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		_canal_init
	fi

	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_canal_files
			return
		fi
	done

	case $prev in
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_canal_ingest_formats "${words[0]}")" -- "$cur")
		return
		;;
	--date-order)
		mapfile -t COMPREPLY < <(compgen -W 'dmy mdy ymd auto' \
		    -- "$cur")
		return
		;;
	--delimiter | --quote)
		# Escaped, as ; | " ' would end or open something on the line.
		if [[ $prev == --delimiter ]]; then
			set -- , '\;' tab '\|'
		else
			set -- '\"' "\\'"
		fi
		for d; do
			[[ $d == "$cur"* || ${d#\\} == "$cur"* ]] &&
			    COMPREPLY+=("$d")
		done
		return
		;;
	-o | --output | --rejects | --pattern-file)
		_canal_files
		return
		;;
	--body)
		mapfile -t COMPREPLY < <(compgen -W '0 200 1000' -- "$cur")
		return
		;;
	--columns | --path | --pattern | --continuation)
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--body --columns
		    --continuation --date-order --delimiter --format --help
		    --line-buffered --list-formats --no-header --output --path
		    --pattern --pattern-file --progress --quote --rejects
		    --stats --strict --verbose --version -V -f -h -o -v' \
		    -- "$cur")
		return
	fi
	_canal_files
}

# _canal_normalize_presets PROG: the preset names PROG --list-presets
# prints now; a fixed list when PROG cannot be run.
_canal_normalize_presets()
{
	local list=

	if command -v "$1" >/dev/null 2>&1; then
		list=$("$1" --list-presets 2>/dev/null |
		    awk '$1 ~ /^[a-z][a-z0-9_-]*$/ { print $1 }')
	fi
	if [[ -z $list ]]; then
		list='asterisk freeswitch twilio connect mbox whatsapp telegram
		    messenger twitter zendesk chatwoot gforms'
	fi
	echo $list
}

# _canal_zones: IANA zone names under ${TZDIR:-/usr/share/zoneinfo}.
_canal_zones()
{
	local dir=${TZDIR:-/usr/share/zoneinfo}

	[[ -d $dir ]] || return
	mapfile -t COMPREPLY < <(cd "$dir" && compgen -f -- "$cur" |
	    while IFS= read -r z; do
		if [[ -d $z ]]; then
			echo "$z/"
		elif [[ $z == [A-Z]* ]]; then
			echo "$z"
		fi
	    done)
	[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == */ ]] &&
	    compopt -o nospace 2>/dev/null
}

_canal_normalize()
{
	local cur prev words cword split=false i

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		_canal_init
	fi

	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_canal_files jsonl
			return
		fi
	done

	case $prev in
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_canal_normalize_presets "${words[0]}")" -- "$cur")
		return
		;;
	--tz)
		_canal_zones
		return
		;;
	--phones)
		mapfile -t COMPREPLY < <(compgen -W 'valid possible' -- "$cur")
		return
		;;
	--set)
		mapfile -t COMPREPLY < <(compgen -W 'source= channel= direction=
		    actor= type= queue= priority= agent= ids.account=' \
		    -- "$cur")
		compopt -o nospace 2>/dev/null
		return
		;;
	-o | --output | --rejects | --map | --pseudonymize)
		_canal_files
		return
		;;
	--country | --self | --inbound)
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--country --format --help
		    --inbound --line-buffered --list-presets --map --no-text
		    --output --phones --pseudonymize --rejects --self --set
		    --stats --strict --tz --verbose --version -V -f -h -o -v' \
		    -- "$cur")
		return
	fi
	_canal_files jsonl
}

_canal_route()
{
	local cur prev words cword split=false i

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		_canal_init
	fi

	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_canal_files jsonl
			return
		fi
	done

	case $prev in
	-r | --rules)
		_canal_files
		return
		;;
	-o | --output | --rejects)
		_canal_files
		return
		;;
	--out-dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--tz)
		_canal_zones
		return
		;;
	--split | --shard-by)
		mapfile -t COMPREPLY < <(compgen -W 'channel customer queue
		    intent stage priority agent source' -- "$cur")
		return
		;;
	--shards | --max-open)
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--check --clean --explain
		    --help --line-buffered --max-open --out-dir --output --rejects
		    --rules --shard-by --shards --split --stats --strict --tz
		    --version -V -h -o -r' -- "$cur")
		return
	fi
	_canal_files jsonl
}

_canal_report()
{
	local cur prev words cword split=false i

	COMPREPLY=()
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		_canal_init
	fi

	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_canal_files jsonl
			return
		fi
	done

	case $prev in
	-F | --format)
		mapfile -t COMPREPLY < <(compgen -W 'table jsonl json csv
		    markdown prom html' -- "$cur")
		return
		;;
	--by)
		mapfile -t COMPREPLY < <(compgen -W 'channel agent queue intent
		    source hour day week month channel,week channel,agent' \
		    -- "$cur")
		return
		;;
	--tz)
		_canal_zones
		return
		;;
	--percentile)
		mapfile -t COMPREPLY < <(compgen -W 'linear nearest' -- "$cur")
		return
		;;
	--rows)
		mapfile -t COMPREPLY < <(compgen -W 'conversation' -- "$cur")
		return
		;;
	--bucket-by)
		mapfile -t COMPREPLY < <(compgen -W 'first reply' -- "$cur")
		return
		;;
	--view)
		mapfile -t COMPREPLY < <(compgen -W 'scorecard omnichannel
		    coverage' -- "$cur")
		return
		;;
	--period)
		mapfile -t COMPREPLY < <(compgen -W 'yesterday last-week' \
		    -- "$cur")
		return
		;;
	--compare)
		mapfile -t COMPREPLY < <(compgen -W 'previous' -- "$cur")
		return
		;;
	--callback-window)
		mapfile -t COMPREPLY < <(compgen -W '4h 24h 48h' -- "$cur")
		return
		;;
	--form-window)
		mapfile -t COMPREPLY < <(compgen -W '24h 72h 7d' -- "$cur")
		return
		;;
	-m | --memory)
		mapfile -t COMPREPLY < <(compgen -W '64M 256M 1G' -- "$cur")
		return
		;;
	-o | --output | --rejects | --holidays)
		_canal_files
		return
		;;
	--hours | --sla)
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--bot-replies --bucket-by --by
		    --callback-window --combine --compare --form-window --format
		    --help --holidays
		    --hours --line-buffered --memory --output --partial
		    --percentile --period --rejects --rows --sla --sort --stats
		    --strict --tz --version --view -F -V -h -m -o' \
		    -- "$cur")
		return
	fi
	_canal_files jsonl
}

# _canal_tools: the tools canal knows and the canal-* programs in PATH.
_canal_tools()
{
	local t

	{
		echo ingest
		echo merge
		echo normalize
		echo report
		echo route
		compgen -c canal- | while IFS= read -r t; do
			[[ -n ${t#canal-} ]] && echo "${t#canal-}"
		done
	} | LC_ALL=C sort -u
}

# _canal_delegate I PROG: complete the words after COMP_WORDS[I] as if
# the line were "PROG word...", with PROG's own completion.
_canal_delegate()
{
	local i=$1 prog=$2 line=$COMP_LINE spec func k w

	for ((k = 0; k <= i; k++)); do
		w=${COMP_WORDS[k]}
		line=${line#"${line%%[![:space:]]*}"}
		line=${line#"$w"}
	done

	local -a COMP_WORDS=("$prog" "${COMP_WORDS[@]:i+1}")
	local COMP_CWORD=$((COMP_CWORD - i))
	local COMP_POINT=$((COMP_POINT - ${#COMP_LINE} + ${#line} + ${#prog}))
	local COMP_LINE=$prog$line

	spec=$(complete -p "$prog" 2>/dev/null)
	if [[ -z $spec ]] && declare -F _completion_loader >/dev/null; then
		_completion_loader "$prog"
		spec=$(complete -p "$prog" 2>/dev/null)
	fi
	if [[ $spec =~ -F\ ([^ ]+) ]]; then
		func=${BASH_REMATCH[1]}
		"$func" "$prog" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}"
		return
	fi
	local cur=${COMP_WORDS[COMP_CWORD]}
	_canal_files
}

_canal()
{
	local cur=${COMP_WORDS[COMP_CWORD]} i tool=

	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*)
			tool=${COMP_WORDS[i]}
			break
			;;
		esac
	done
	if [[ -n $tool ]]; then
		_canal_delegate "$i" "canal-$tool"
	elif [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '--help --version -V -h' \
		    -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -W "$(_canal_tools)" -- "$cur")
	fi
}

complete -F _canal canal
complete -F _canal_ingest canal-ingest
complete -F _canal_merge canal-merge
complete -F _canal_normalize canal-normalize
complete -F _canal_report canal-report
complete -F _canal_route canal-route
