(?x)                                   # logback's default layout
^ (?<timestamp> \d{4}-\d\d-\d\d [ ] \d\d:\d\d:\d\d[.,]\d{3} )
  [ ] \[ (?<thread> [^\]]+ ) \]
  [ ] (?<level> TRACE|DEBUG|INFO|WARN|ERROR ) \s+
  (?<logger> \S+ )
  [ ] - [ ] (?<msg> .* ) $
