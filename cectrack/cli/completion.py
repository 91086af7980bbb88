"""`cectrack completion bash|zsh|fish`: a shell completion script, written from the
command line's own parser, so it always offers exactly the commands and options there are.

The script is static: the shell completes from it without starting Python on every Tab.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

SHELLS = ("bash", "zsh", "fish")
DIRECTORY_OPTIONS = {"root", "out", "dir"}  # a Path that names a folder, not a file
FILE_OPTIONS = {"evidence"}  # text on the command line, but a file to copy


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    value: str  # "" (a flag), "dir", "file", "choice" or "text"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positional: Option | None  # what the words after the options are


def _value(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.choices:
        return "choice"
    if action.dest in FILE_OPTIONS:
        return "file"
    if action.type is not None and getattr(action.type, "__name__", "") in ("Path", "PosixPath"):
        return "dir" if action.dest in DIRECTORY_OPTIONS else "file"
    return "text"


def _option(action: argparse.Action) -> Option:
    return Option(tuple(action.option_strings), _words(action.help or ""), _value(action),
                  tuple(str(c) for c in action.choices or ()))


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """Every subcommand with its options, from the parser itself."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    found = []
    for name, command in sub.choices.items():
        actions = [a for a in command._actions if a.help != argparse.SUPPRESS]
        options = tuple(_option(a) for a in actions if a.option_strings)
        positional = next((_option(a) for a in actions if not a.option_strings), None)
        found.append(Command(name, _words(helps.get(name, "")), options, positional))
    return found


def _words(text: str) -> str:
    """Help text a shell script can quote anywhere: no quotes, brackets, colons or dollars."""
    text = text.replace("%%", "%").replace(":", " -").replace("'", "\u2019")
    return " ".join(re.sub(r"[^\w ,.;()/=+\u2019-]", " ", text).split())


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    return {"bash": bash, "zsh": zsh, "fish": fish}[shell](commands(parser))


def bash(found: list[Command]) -> str:
    cases, values = [], []
    for command in found:
        words = " ".join(f for o in command.options for f in o.flags)
        cases.append(f'        {command.name}) opts="{words}"; rest={_bash_action(command.positional)} ;;')
        for option in command.options:
            if option.value:
                flags = "|".join(f"{command.name}:{f}" for f in option.flags)
                values.append(f"        {flags}) {_bash_reply(option)}; return ;;")
    names = " ".join(c.name for c in found)
    return BASH.format(names=names, cases="\n".join(cases), values="\n".join(values))


def _by_kind(option: Option, table: dict[str, str], default: str) -> str:
    """The shell's words for what an option takes (a folder, a file, one of its choices)."""
    return table.get(option.value, default).format(choices=" ".join(option.choices))


def _bash_action(option: Option | None) -> str:
    return "none" if option is None else _by_kind(
        option, {"dir": "dir", "file": "file", "choice": "'{choices}'"}, "none")


def _bash_reply(option: Option) -> str:
    return _by_kind(option, {"dir": 'COMPREPLY=($(compgen -d -- "$cur"))',
                             "file": 'COMPREPLY=($(compgen -f -- "$cur"))',
                             "choice": 'COMPREPLY=($(compgen -W "{choices}" -- "$cur"))'},
                    "COMPREPLY=()")


BASH = """\
# cectrack completion for bash. Load it with `source <(cectrack completion bash)` in
# ~/.bashrc, or save it as ~/.local/share/bash-completion/completions/cectrack
_cectrack() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local cmd="" i opts="" rest=none
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in -*) ;; *) cmd="${{COMP_WORDS[i]}}"; break ;; esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "{names} --help --version" -- "$cur"))
        return
    fi
    case "$cmd:$prev" in
{values}
    esac
    case "$cmd" in
{cases}
    esac
    if [[ $cur == -* || $rest == none ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $rest == dir ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
    elif [[ $rest == file ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$rest" -- "$cur"))
    fi
}}
complete -o filenames -F _cectrack cectrack
"""


def zsh(found: list[Command]) -> str:
    names = "\n".join(f"        '{c.name}[{c.help}]'" for c in found)
    cases = []
    for command in found:
        specs = [_zsh_spec(o) for o in command.options]
        if command.positional is not None:
            specs.append(f"'*:{command.positional.value or 'word'}:{_zsh_action(command.positional)}'")
        body = " \\\n                    ".join(specs) if specs else "''"
        cases.append(f"            {command.name}) _arguments {body} ;;")
    return ZSH.format(names=names, cases="\n".join(cases))


def _zsh_action(option: Option) -> str:
    return _by_kind(option, {"dir": "_files -/", "file": "_files", "choice": "({choices})"}, " ")


def _zsh_spec(option: Option) -> str:
    flags = option.flags
    names = f"{{{','.join(flags)}}}" if len(flags) > 1 else flags[0]
    exclusive = f"({' '.join(flags)})" if len(flags) > 1 else ""
    value = f":{option.value}:{_zsh_action(option)}" if option.value else ""
    return f"'{exclusive}'{names}'[{option.help}]{value}'" if exclusive else \
        f"'{names}[{option.help}]{value}'"


ZSH = """\
#compdef cectrack
# cectrack completion for zsh. Save it as _cectrack in a folder of your $fpath (for example
# ~/.zfunc, with fpath+=(~/.zfunc) before compinit in ~/.zshrc), or load it with
# `source <(cectrack completion zsh)` after compinit.
_cectrack() {{
    local line state
    _arguments -C '(- *)--version[show the version]' '(- *)'{{-h,--help}}'[show help]' \\
        '1: :->command' '*:: :->arguments'
    case $state in
        command)
            _values 'cectrack command' \\
{names}
            ;;
        arguments)
            case $line[1] in
{cases}
            esac
            ;;
    esac
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _cectrack "$@"
else
    compdef _cectrack cectrack
fi
"""


def fish(found: list[Command]) -> str:
    lines = [FISH]
    for command in found:
        lines.append(f"complete -c cectrack -n __fish_use_subcommand -a {command.name} "
                     f"-d '{command.help}'")
        when = f"-n '__fish_seen_subcommand_from {command.name}'"
        for option in command.options:
            names = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}"
                             for f in option.flags)
            lines.append(f"complete -c cectrack {when} {names}{_fish_value(option)} "
                         f"-d '{option.help}'")
        if command.positional is not None:
            lines.append(f"complete -c cectrack {when}{_fish_value(command.positional)}")
    return "\n".join(lines) + "\n"


def _fish_value(option: Option) -> str:
    return _by_kind(option, {"dir": " -x -a '(__fish_complete_directories)'", "file": " -r -F",
                             "choice": " -x -a '{choices}'", "": ""}, " -x")


FISH = """\
# cectrack completion for fish. Save it as ~/.config/fish/completions/cectrack.fish, or load
# it with `cectrack completion fish | source`.
complete -c cectrack -f
complete -c cectrack -n __fish_use_subcommand -l version -d 'show the version'
complete -c cectrack -s h -l help -d 'show help'"""
