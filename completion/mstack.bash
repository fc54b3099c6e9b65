# bash completion for mstack(1)                           -*- shell-script -*-
#
# mstack [OPTION]... STACK COMMAND [ARG]...
# mstack [OPTION]... --mount SPEC PATH
# Options come before STACK (mstack(1), OPTIONS); -o and --proto take a
# LIST of family names (THE LIST GRAMMAR), completed item by item after
# the last comma with its + or - sign; STACK is a name under /run/netns,
# null, native, new, a path (STACKS) or the start of a VDE network
# (vde://, slirp://; VDE AND SLIRP STACKS); then COMMAND is completed as a
# command, and its arguments by COMMAND's own completion.  With --mount,
# SPEC is new or the start of a VDE network, and PATH a file (MOUNTED
# STACKS).
# shellcheck disable=SC2207 # COMPREPLY=($(compgen ...)), as bash-completion does

# The family names of the LIST grammar.
_mstack_families='all unix u ipv4 4 ipv6 6 netlink n packet p bluetooth b
	irda i ip'

# _mstack_list PREFIX LIST: completes the last item of the LIST of -o,
# which follows PREFIX on the command line (-o given in the same word).
_mstack_list()
{
	local head=$1${2%"${2##*,}"} item=${2##*,} sign=

	case $item in
	[+-]*)
		sign=${item:0:1}
		item=${item:1}
		;;
	esac
	COMPREPLY=($(compgen -P "$head$sign" -W "$_mstack_families" -- "$item"))
}

# _mstack_stack: completes STACK in $cur.
_mstack_stack()
{
	local ns names=

	case $cur in
	/* | ./* | ../* | \~*)
		_filedir
		COMPREPLY+=($(compgen -W '/dev/net/null /dev/net/native' -- "$cur"))
		return
		;;
	esac
	for ns in /run/netns/*; do
		[[ -e $ns ]] && names+=" ${ns##*/}"
	done
	COMPREPLY=($(compgen -W "null native new vde:// slirp://$names" -- "$cur"))
	[[ ${COMPREPLY-} == *:// ]] && compopt -o nospace
}

# _mstack_arg_next WORD: prints o (LIST), f (numbers), l (FILE) or c
# (--stack-cmd's command line) if
# the option WORD, alone or ending a cluster of short options, takes the
# next word as its argument; fails otherwise.
_mstack_arg_next()
{
	local before
	case $1 in
	--pr | --pro | --prot | --proto)
		echo o
		;;
	--l | --lo | --log)
		echo l
		;;
	--s | --st | --sta | --stac | --stack | --stack- | --stack-c | --stack-cm | --stack-cmd)
		echo c
		;;
	--*)
		return 1
		;;
	-?*)
		before=${1%%[of]*}
		[[ $before != "$1" && ${#before} -eq $((${#1} - 1)) ]] || return 1
		echo "${1: -1}"
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# _mstack_option: completes $cur as an option or as the argument of the
# option in $prev; returns 1 if it is neither, but STACK.
_mstack_option()
{
	case $(_mstack_arg_next "$prev") in
	o)
		_mstack_list "" "$cur"
		return
		;;
	l)
		_filedir
		return
		;;
	f | c)
		return
		;;
	esac
	[[ $split == true ]] && return	# --backtrace=DEPTH
	case $cur in
	-o?*)
		_mstack_list -o "${cur:2}"
		;;
	-*)
		COMPREPLY=($(compgen -W '-o --proto= -f -u -4 -6 -n -p -b -i
			--ptrace-only -v --verbose -k --backtrace --backtrace= --log=
			--stack-cmd= --mount -h --help -V --version --' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		;;
	*)
		return 1
		;;
	esac
	return 0
}

_mstack()
{
	local cur prev words cword split
	_init_completion -s || return

	# Skip the options as getopt reads them; the first other word is STACK.
	local i=1 options=true mount=false
	while ((i < cword)); do
		if $options; then
			case ${words[i]} in
			--)
				options=false
				i=$((i + 1))
				continue
				;;
			--m | --mo | --mou | --moun | --mount)
				mount=true
				i=$((i + 1))
				continue
				;;
			-*)
				_mstack_arg_next "${words[i]}" > /dev/null && i=$((i + 1))
				i=$((i + 1))
				continue
				;;
			esac
		fi
		if $mount; then	# SPEC is words[i]: then PATH, and nothing after
			((i + 1 == cword)) && _filedir
			return
		fi
		# _command_offset counts the words as bash split them: let it
		# see ours, with --log=FILE one word.
		COMP_WORDS=("${words[@]}")
		COMP_CWORD=$cword
		_command_offset $((i + 1))
		return
	done
	if $options; then
		_mstack_option && return
	fi
	if $mount; then
		COMPREPLY=($(compgen -W "new vde:// slirp://" -- "$cur"))
		[[ ${COMPREPLY-} == *:// ]] && compopt -o nospace
		return
	fi
	_mstack_stack
} &&
	complete -F _mstack mstack

# ex: filetype=sh
