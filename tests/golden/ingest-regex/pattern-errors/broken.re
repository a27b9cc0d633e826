(?x)
^ (?<time> \S+ \S+ )
  [ ] (?<level> [A-Z]+ 
  [ ] (?<msg> .* ) $
