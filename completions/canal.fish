# fish completion for canal(1) and the canal-* programs.

# canal-merge
complete -c canal-merge -s h -l help -d 'Print usage and exit'
complete -c canal-merge -s V -l version -d 'Print version and exit'
complete -c canal-merge -l dedupe -d 'Drop copies of an event with the same id and ts'
complete -c canal-merge -s m -l memory -x -a '64M 256M 1G' -d 'Memory for sorting'
complete -c canal-merge -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-merge -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-merge -l stats -d 'Print counts on standard error at exit'
complete -c canal-merge -l strict -d 'Stop at the first rejected record'
complete -c canal-merge -l line-buffered -d 'Flush each output line'
complete -c canal-merge -k -a '(__fish_complete_suffix .jsonl)'

# canal TOOL [ARG ...]
function __fish_canal_tools
    set -l known merge
    printf '%s\t%s\n' merge 'Merge event streams into one timeline'
    for dir in $PATH
        for f in $dir/canal-*
            set -l t (string replace -r '^.*/canal-' '' -- $f)
            if test -x $f; and test -n "$t"; and not contains -- $t $known
                set -a known $t
                echo $t
            end
        end
    end
end

function __fish_canal_needs_tool
    for w in (commandline -opc)[2..-1]
        string match -q -- '-*' $w; or return 1
    end
    return 0
end

# The completions of canal-TOOL for the words after TOOL.
function __fish_canal_delegate
    set -l words (commandline -opc)
    set -l i 2
    while string match -q -- '-*' $words[$i]
        set i (math $i + 1)
    end
    set -l cmd canal-$words[$i] (string escape -- $words[(math $i + 1)..-1])
    complete -C (string join ' ' -- $cmd (commandline -ct))
end

complete -c canal -f
complete -c canal -n __fish_canal_needs_tool -s h -l help -d 'Print usage and the installed tools'
complete -c canal -n __fish_canal_needs_tool -s V -l version -d 'Print version and exit'
complete -c canal -n __fish_canal_needs_tool -a '(__fish_canal_tools)'
complete -c canal -n 'not __fish_canal_needs_tool' -k -a '(__fish_canal_delegate)'
