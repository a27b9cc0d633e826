# fish completion for canal(1) and the canal-* programs.

# canal-ingest
# The format names and summaries of canal-ingest --list-formats, asked now
# so that new formats need no change here; a fixed list when it cannot run.
function __fish_canal_ingest_formats
    if command -q canal-ingest
        set -l out (canal-ingest --list-formats 2>/dev/null | string match -r '^[a-z][a-z0-9_-]* .*')
        if set -q out[1]
            string replace -r '^(\S+)\s+' '$1\t' -- $out
            return
        end
    end
    printf '%s\n' csv asterisk freeswitch mbox whatsapp telegram messenger json jsonl regex auto
end

complete -c canal-ingest -s h -l help -d 'Print usage and exit'
complete -c canal-ingest -s V -l version -d 'Print version and exit'
complete -c canal-ingest -s f -l format -x -a '(__fish_canal_ingest_formats)' -d 'Input format'
complete -c canal-ingest -l list-formats -d 'List the formats and exit'
complete -c canal-ingest -s v -l verbose -d 'Say which format each file was read as'
complete -c canal-ingest -l progress -d 'Show progress on a terminal'
complete -c canal-ingest -l date-order -x -a 'dmy mdy ymd auto' -d 'Day/month order of WhatsApp dates'
complete -c canal-ingest -l body -x -a '0 200 1000' -d 'Characters of mail body kept'
complete -c canal-ingest -l columns -x -d 'Column names of a CSV file without header'
complete -c canal-ingest -l delimiter -x -a ",\tcomma \\;\tsemicolon tab\ttab \\|\tvertical\ bar" -d 'CSV field delimiter'
complete -c canal-ingest -l quote -x -d 'CSV quote character'
complete -c canal-ingest -l no-header -d 'CSV without header line'
complete -c canal-ingest -l path -x -d 'Dotted path to the JSON record array'
complete -c canal-ingest -l pattern -x -d 'PCRE2 pattern with named groups'
complete -c canal-ingest -l pattern-file -r -F -d 'Read the regex pattern from file'
complete -c canal-ingest -l continuation -x -d 'Pattern of continuation lines'
complete -c canal-ingest -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-ingest -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-ingest -l stats -d 'Print counts on standard error at exit'
complete -c canal-ingest -l strict -d 'Stop at the first rejected record'
complete -c canal-ingest -l line-buffered -d 'Flush each output line'

# canal-merge
complete -c canal-merge -s h -l help -d 'Print usage and exit'
complete -c canal-merge -s V -l version -d 'Print version and exit'
complete -c canal-merge -l dedupe -d 'Drop copies of an event with the same id and ts'
complete -c canal-merge -s m -l memory -x -a '64M 256M 1G' -d 'Memory for sorting'
complete -c canal-merge -l stitch -d 'Join identities into customers across channels'
complete -c canal-merge -l identity-map -r -F -d 'More identity links'
complete -c canal-merge -l conflicts -r -F -d 'Write refused links to file'
complete -c canal-merge -l state -r -F -d 'Load and save the identity graph'
complete -c canal-merge -l wait -d 'Wait while another run holds the --state lock'
complete -c canal-merge -l links-only -d 'Write the identities and links found'
complete -c canal-merge -l cases -x -a '24h 72h 7d' -d 'Silence that ends a case'
complete -c canal-merge -l idle -x -a '24h 72h 7d' -d 'Silence that ends a conversation'
complete -c canal-merge -l thread-subject -d 'Thread e-mails by subject'
complete -c canal-merge -l by-customer -d 'Order by customer, then time'
complete -c canal-merge -l country -x -d 'Country of national numbers in identity maps'
complete -c canal-merge -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-merge -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-merge -l stats -d 'Print counts on standard error at exit'
complete -c canal-merge -l strict -d 'Stop at the first rejected record'
complete -c canal-merge -l line-buffered -d 'Flush each output line'
complete -c canal-merge -k -a '(__fish_complete_suffix .jsonl)'

# canal-normalize
function __fish_canal_normalize_presets
    if command -q canal-normalize
        set -l out (canal-normalize --list-presets 2>/dev/null | string match -r '^[a-z][a-z0-9_-]* .*')
        if set -q out[1]
            string replace -r '^(\S+)\s+' '$1\t' -- $out
            return
        end
    end
    printf '%s\n' asterisk freeswitch twilio connect mbox whatsapp telegram messenger twitter zendesk chatwoot gforms
end

function __fish_canal_zones
    set -l dir /usr/share/zoneinfo
    set -q TZDIR; and test -n "$TZDIR"; and set dir $TZDIR
    test -d $dir; or return
    for f in (find $dir -type f -path "$dir/[A-Z]*" 2>/dev/null | string replace -- "$dir/" '')
        echo $f
    end
end

complete -c canal-normalize -s h -l help -d 'Print usage and exit'
complete -c canal-normalize -s V -l version -d 'Print version and exit'
complete -c canal-normalize -s v -l verbose -d 'Report DST ambiguities and identity counts'
complete -c canal-normalize -s f -l format -x -a '(__fish_canal_normalize_presets)' -d 'Mapping preset'
complete -c canal-normalize -l list-presets -d 'List the presets and exit'
complete -c canal-normalize -l map -r -F -d 'Mapping file'
complete -c canal-normalize -l tz -x -a '(__fish_canal_zones)' -d 'IANA zone of local times'
complete -c canal-normalize -l country -x -d 'Country of national phone numbers'
complete -c canal-normalize -l self -x -d "The business's own name, address or id"
complete -c canal-normalize -l inbound -x -d 'Inbound dialplan context or trunk'
complete -c canal-normalize -l phones -x -a 'valid possible' -d 'Which phone numbers are identities'
complete -c canal-normalize -l set -x -d 'A constant field for every event'
complete -c canal-normalize -l pseudonymize -r -F -d 'Replace identities by keyed hashes'
complete -c canal-normalize -l no-text -d 'Drop text and subject'
complete -c canal-normalize -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-normalize -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-normalize -l stats -d 'Print counts on standard error at exit'
complete -c canal-normalize -l strict -d 'Stop at the first rejected record'
complete -c canal-normalize -l line-buffered -d 'Flush each output line'

# canal-report
complete -c canal-report -s h -l help -d 'Print usage and exit'
complete -c canal-report -s V -l version -d 'Print version and exit'
complete -c canal-report -s F -l format -x -a 'table jsonl json csv markdown prom html' -d 'Output format'
complete -c canal-report -l by -x -a 'channel agent queue intent source hour day week month channel,week' -d 'Groups: fields and time buckets'
complete -c canal-report -l bucket-by -x -a 'first reply' -d "The instant of a conversation's bucket"
complete -c canal-report -l tz -x -a '(__fish_canal_zones)' -d 'Zone of buckets and business hours'
complete -c canal-report -l hours -x -d 'Business hours'
complete -c canal-report -l holidays -r -F -d 'Days closed, one YYYY-MM-DD a line'
complete -c canal-report -l sla -x -d 'First-response targets per channel'
complete -c canal-report -l callback-window -x -a '4h 24h 48h' -d 'How long a callback answers a missed call'
complete -c canal-report -l form-window -x -a '24h 72h 7d' -d 'How long a reply on any channel answers a web form'
complete -c canal-report -l bot-replies -d 'Bot messages count as replies'
complete -c canal-report -l percentile -x -a 'linear nearest' -d 'Percentile method'
complete -c canal-report -l rows -x -a 'conversation' -d 'One row per conversation'
complete -c canal-report -l view -x -a 'scorecard omnichannel coverage' -d 'A view of the timeline'
complete -c canal-report -l period -x -a 'yesterday last-week' -d 'Whole days in --tz'
complete -c canal-report -l compare -x -a 'previous' -d 'The change against the period before'
complete -c canal-report -l partial -d "Write the report's mergeable state"
complete -c canal-report -l combine -d 'Report on partial reports'
complete -c canal-report -l sort -d 'Sort an unsorted timeline first'
complete -c canal-report -s m -l memory -x -a '64M 256M 1G' -d 'Memory for --sort'
complete -c canal-report -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-report -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-report -l stats -d 'Print counts on standard error at exit'
complete -c canal-report -l strict -d 'Stop at the first rejected record'
complete -c canal-report -l line-buffered -d 'Flush each output line'

# canal-route
complete -c canal-route -s h -l help -d 'Print usage and exit'
complete -c canal-route -s V -l version -d 'Print version and exit'
complete -c canal-route -s r -l rules -r -F -d 'Rules file'
complete -c canal-route -l check -d 'Only check the rules file'
complete -c canal-route -l explain -d 'Add the rules that matched'
complete -c canal-route -l tz -x -a '(__fish_canal_zones)' -d 'Zone of hour, weekday and within hours'
complete -c canal-route -l split -x -a 'channel customer queue intent stage priority agent source' -d 'One file per value of a field'
complete -c canal-route -l shard-by -x -a 'customer channel queue' -d 'Shard by a stable hash of a field'
complete -c canal-route -l shards -x -d 'Number of shards'
complete -c canal-route -l out-dir -x -a '(__fish_complete_directories)' -d 'Directory of the output files'
complete -c canal-route -l max-open -x -d 'Output files open at once'
complete -c canal-route -l clean -d 'Replace the *.jsonl files already in --out-dir'
complete -c canal-route -s o -l output -r -F -d 'Write to file atomically'
complete -c canal-route -l rejects -r -F -d 'Write rejected records to file'
complete -c canal-route -l stats -d 'Print counts on standard error at exit'
complete -c canal-route -l strict -d 'Stop at the first rejected record'
complete -c canal-route -l line-buffered -d 'Flush each output line'

# canal TOOL [ARG ...]
function __fish_canal_tools
    set -l known ingest merge normalize report route
    printf '%s\t%s\n' ingest 'Read contact-system exports as JSON lines'
    printf '%s\t%s\n' merge 'Merge event streams into one timeline'
    printf '%s\t%s\n' normalize 'Map source records to canonical events'
    printf '%s\t%s\n' report 'Attention metrics per channel or any grouping'
    printf '%s\t%s\n' route 'Classify, tag, drop, split and shard events by rules'
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
