# Prints the completions zsh offers after the words given, one per line (after Valodim's
# zsh-capture-completion): an interactive zsh in a pseudo-terminal, its compadd wrapped to
# print each match, Tab bound to complete and then print an end mark (nothing is typed
# ahead, which could cut a completion short).  zsh -f zsh_capture.zsh FPATH_DIR "WORDS "
# The end marks are printed from words that do not hold them (DONE-${:-SETUP}): before the
# shell's line editor starts, the terminal echoes the lines written to it, and a mark read
# in that echo ended the wait early (on a loaded machine: the echo of the compadd line was
# taken for the matches).
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT= ; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () { builtin compadd -O reply "$@"; for r in $reply; do print -r -- "<$r>"; done; builtin compadd "$@"; }'
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
zpty -w z 'finish() { zle complete-word; print -r -- "<<${:-DONE}>>" }; zle -N finish'
zpty -w z "bindkey '^I' finish; print DONE-\${:-SETUP}"
zpty -r z line '*DONE-SETUP*'
zpty -w -n z "$2"$'\t'
local out
while zpty -r z line; do
  out+=$line  # a match may arrive in the same chunk as the end mark
  [[ $out == *'<<DONE>>'* ]] && break
done
print -rl -- ${${(M)${(s:<:)${out%%<<DONE>>*}}:#*>*}%%>*}
zpty -d z
